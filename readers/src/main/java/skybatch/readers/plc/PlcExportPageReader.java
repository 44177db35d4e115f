package skybatch.readers.plc;

import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.regex.Pattern;
import org.springframework.batch.infrastructure.item.ExecutionContext;

/**
 * Reads a PLC directory's export endpoint page by page until a short page. The saved position is the cursor the
 * current page was asked with and how many of its lines were handed to the step: the export only grows at its
 * end, so asking again with the same cursor gives the same page, and a restart resumes at the exact line.
 * Lines that a server repeats across a page boundary pass through; the writer's merge makes them change nothing.
 * A bad line still moves the cursor on when it names a later one; a full page in which no line does cannot be gone
 * past, and fails the read rather than end the sync early as if the export had ended.
 */
public class PlcExportPageReader implements PlcExportReader {

    static final String AFTER_KEY = "plc.page.after";
    static final String INDEX_KEY = "plc.page.index";
    static final String LAST_CURSOR_KEY = "plc.page.last-cursor";

    private static final Pattern SEQ = Pattern.compile("[0-9]+");

    private final PlcExportClient client;
    private final int pageSize;
    private final PlcLineParser parser = new PlcLineParser();
    private String pageAfter;
    private List<PlcExportLine> page;
    private int index;
    private String lastCursor;
    private long bytes;

    /** @param startAfter the cursor to start after ({@code null}: the beginning of the export) */
    public PlcExportPageReader(PlcExportClient client, int pageSize, String startAfter) {
        this.client = client;
        this.pageSize = pageSize;
        this.pageAfter = startAfter;
        this.lastCursor = startAfter;
    }

    @Override
    public void open(ExecutionContext context) {
        if (context.containsKey(INDEX_KEY)) {
            pageAfter = context.getString(AFTER_KEY, null);
            index = context.getInt(INDEX_KEY);
            lastCursor = context.getString(LAST_CURSOR_KEY, null);
        }
    }

    /**
     * The page after {@code pageAfter}, parsed. A page in which not one line is an operation or names a cursor is
     * no page of an export (an error page, a wrong URL): reading on would import nothing and end, or go on, as if
     * the export said so. (Bad operations that name their cursor are quarantined and gone past.)
     */
    private List<PlcExportLine> fetch() {
        String position = "after=" + (pageAfter == null ? "" : pageAfter) + " #";
        List<LineReader.Line> lines = client.fetch(pageAfter, pageSize);
        List<PlcExportLine> parsed = new ArrayList<>(lines.size());
        for (LineReader.Line line : lines) {
            parsed.add(PlcExportLine.read(client.baseUrl().toString(), position + (parsed.size() + 1), line, parser));
        }
        if (!parsed.isEmpty() && parsed.stream().allMatch(
                line -> line.operation() == null && parser.cursorOf(line.raw()).isEmpty())) {
            throw new IllegalStateException(client.baseUrl() + " page after=" + (pageAfter == null ? "" : pageAfter)
                    + ": not one of its " + parsed.size() + " lines is a PLC export operation or names a cursor,"
                    + " so it is no page of an export; its first line: " + abbreviated(parsed.get(0).raw()) + " ("
                    + parsed.get(0).problem() + ")");
        }
        return parsed;
    }

    @Override
    public PlcExportLine read() {
        if (page == null) {
            page = fetch();
        }
        if (index >= page.size()) {
            if (page.size() < pageSize) {
                return null;
            }
            if (lastCursor == null || lastCursor.equals(pageAfter)) {
                throw new IllegalStateException(client.baseUrl() + " page after=" + (pageAfter == null ? "" : pageAfter)
                        + ": none of its " + page.size() + " lines names a cursor to continue after, so the export"
                        + " cannot be read past it; its first line: " + abbreviated(page.get(0).raw()));
            }
            pageAfter = lastCursor;
            index = 0;
            page = fetch();
            if (page.isEmpty()) {
                return null;
            }
        }
        PlcExportLine line = page.get(index++);
        bytes += line.raw().length() + 1;
        (line.operation() != null ? Optional.of(line.operation().cursor()) : parser.cursorOf(line.raw()))
                .ifPresent(this::advanceTo);
        return line;
    }

    /** The cursor only moves forward: a line out of order (a bad line's odd timestamp) must not send it back. */
    private void advanceTo(String cursor) {
        if (lastCursor == null || isAfter(cursor, lastCursor)) {
            lastCursor = cursor;
        }
    }

    /** Sequence numbers compare as numbers, timestamps as instants; a cursor in another form is taken as given. */
    private static boolean isAfter(String cursor, String than) {
        try {
            if (SEQ.matcher(cursor).matches() && SEQ.matcher(than).matches()) {
                return Long.parseLong(cursor) > Long.parseLong(than);
            }
            return Instant.parse(cursor).isAfter(Instant.parse(than));
        } catch (NumberFormatException | DateTimeParseException e) {
            return true;
        }
    }

    private static String abbreviated(String line) {
        return line.length() <= 200 ? line : line.substring(0, 200) + "...";
    }

    /** The cursor after the last operation read: where an incremental sync continues next time. */
    public String lastCursor() {
        return lastCursor;
    }

    @Override
    public void update(ExecutionContext context) {
        context.putString(AFTER_KEY, pageAfter);
        context.putInt(INDEX_KEY, index);
        context.putString(LAST_CURSOR_KEY, lastCursor);
    }

    @Override
    public long bytesRead() {
        return bytes;
    }

    @Override
    public long totalBytes() {
        return -1;
    }
}
