package skybatch.readers.plc;

import java.io.IOException;
import java.io.InputStream;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.nio.ByteOrder;
import java.nio.ByteBuffer;
import java.nio.CharBuffer;
import java.nio.charset.CharsetDecoder;
import java.nio.charset.CoderResult;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import skybatch.readers.support.ByteSizes;

/**
 * Splits export text into lines as it arrives, and never holds more than one line's cap: a line longer than
 * {@code maxBytes} is kept only up to the cap and the rest of it skipped. Lines are decoded strictly as UTF-8; one
 * that is not valid UTF-8, or holds a NUL byte (which PostgreSQL's text cannot hold), or is too long comes with its
 * problem, and its text shows each byte that is not valid UTF-8 as {@code \xNN}. A UTF-8 byte-order mark at the
 * very start is dropped, as editors write one. Lines end at LF, an optional CR before it removed.
 */
final class LineReader {

    /**
     * A line: its text, and what makes it unusable, or null. From {@link #next(DidPartition)}, a usable line of ASCII
     * only (nearly every line of an export) has no text yet: its bytes are {@link #bytes()}, and {@link #text()}
     * makes it.
     */
    record Line(String text, String problem) {}

    private static final VarHandle LONGS = MethodHandles.byteArrayViewVarHandle(long[].class, ByteOrder.LITTLE_ENDIAN);
    private static final long LOW_BITS = 0x0101010101010101L;
    private static final long HIGH_BITS = 0x8080808080808080L;

    private final InputStream in;
    private final int maxBytes;
    private final byte[] buffer = new byte[1 << 16];
    private final CharsetDecoder decoder = StandardCharsets.UTF_8.newDecoder()
            .onMalformedInput(CodingErrorAction.REPORT).onUnmappableCharacter(CodingErrorAction.REPORT);
    private byte[] line = new byte[1024];
    private int position;
    private int limit;
    private boolean started;

    LineReader(InputStream in, int maxBytes) {
        this.in = in;
        this.maxBytes = maxBytes;
    }

    /** A line of another worker's share of the DIDs, passed over without being decoded. */
    static final Line FOREIGN = new Line("", null);
    /** A usable line of ASCII only, left as its bytes. */
    private static final Line UNDECODED = new Line(null, null);

    /** The length of the line {@link #next(DidPartition)} gave last. */
    private int lastLength;

    /** The next line, its text made, or null at the end of the stream. */
    Line next() throws IOException {
        Line next = next(DidPartition.ALL);
        return next == UNDECODED ? new Line(text(), null) : next;
    }

    /**
     * The next line, or {@link #FOREIGN} when its bytes plainly give it to another share than {@code share}
     * ({@link DidPartition#ownedElsewhere}), or null at the end of the stream. A usable line of ASCII only comes
     * without its text (a line whose {@code text()} is null): it is read from {@link #bytes()}, and its text made
     * only if it is needed (a line the scanner cannot read), as it is no longer held once the line is parsed.
     */
    Line next(DidPartition share) throws IOException {
        int length = 0;
        long total = 0;
        boolean any = false;
        while (true) {
            if (position == limit && !fill()) {
                if (!any) {
                    return null;
                }
                break;
            }
            any = true;
            int newline = indexOf(buffer, (byte) '\n', position, limit);
            int end = newline < 0 ? limit : newline;
            int keep = (int) Math.min(end - position, Math.max(0, maxBytes + 1L - length));
            if (keep > 0) {
                ensure(length + keep);
                System.arraycopy(buffer, position, line, length, keep);
                length += keep;
            }
            total += end - position;
            position = newline < 0 ? limit : newline + 1;
            if (newline >= 0) {
                break;
            }
        }
        if (total <= maxBytes && length > 0 && line[length - 1] == '\r') {
            length--;
            total--;
        }
        if (total <= maxBytes && share.ownedElsewhere(line, length)) {
            return FOREIGN;
        }
        lastLength = length;
        return line(length, total);
    }

    /** The bytes of the line {@link #next(DidPartition)} gave last, from 0 to {@link #length()}; reused by the next. */
    byte[] bytes() {
        return line;
    }

    int length() {
        return lastLength;
    }

    /** The text of a usable line of ASCII only, as {@link #next()} gives it. */
    String text() {
        return new String(line, 0, lastLength, StandardCharsets.ISO_8859_1);
    }

    /** Whether the line of ASCII only is blank, as {@link String#isBlank()} says of its text. */
    boolean blank() {
        for (int i = 0; i < lastLength; i++) {
            if (!Character.isWhitespace(line[i])) {
                return false;
            }
        }
        return true;
    }

    private Line line(int length, long total) {
        if (total > maxBytes) {
            return new Line(escaped(Math.min(length, maxBytes)), "line longer than " + ByteSizes.describe(maxBytes) + " ("
                    + total + " bytes)");
        }
        int nul = indexOf(line, (byte) 0, 0, length);
        boolean ascii = ascii(length);
        if (ascii && nul < 0) {
            return UNDECODED;
        }
        String text = ascii ? new String(line, 0, length, StandardCharsets.ISO_8859_1) : strict(length);
        if (text == null) {
            return new Line(escaped(length), "not valid UTF-8 at byte " + firstMalformed(length) + " of the line");
        }
        if (nul >= 0) {
            return new Line(text, "a NUL byte at byte " + nul + " of the line");
        }
        return new Line(text, null);
    }

    private boolean fill() throws IOException {
        int n;
        do {
            n = in.read(buffer, 0, buffer.length);
        } while (n == 0);
        if (n < 0) {
            return false;
        }
        position = 0;
        limit = n;
        if (!started) {
            started = true;
            // a byte-order mark is only one at the very start; the first read may be shorter than the mark
            if (n >= 3 && (buffer[0] & 0xff) == 0xef && (buffer[1] & 0xff) == 0xbb && (buffer[2] & 0xff) == 0xbf) {
                position = 3;
            }
        }
        return true;
    }

    private void ensure(int capacity) {
        if (capacity > line.length) {
            line = Arrays.copyOf(line, Math.max(capacity, Math.min(line.length * 2, maxBytes + 1)));
        }
    }

    private boolean ascii(int length) {
        int i = 0;
        for (; i + Long.BYTES <= length; i += Long.BYTES) {
            if (((long) LONGS.get(line, i) & HIGH_BITS) != 0) {
                return false;
            }
        }
        for (; i < length; i++) {
            if (line[i] < 0) {
                return false;
            }
        }
        return true;
    }

    private String strict(int length) {
        try {
            return decoder.reset().decode(ByteBuffer.wrap(line, 0, length)).toString();
        } catch (java.nio.charset.CharacterCodingException e) {
            return null;
        }
    }

    private int firstMalformed(int length) {
        ByteBuffer bytes = ByteBuffer.wrap(line, 0, length);
        CharBuffer chars = CharBuffer.allocate(length);
        decoder.reset().decode(bytes, chars, true);
        return bytes.position();
    }

    /** The bytes as text, each byte that is not part of valid UTF-8 shown as {@code \xNN}. */
    private String escaped(int length) {
        ByteBuffer bytes = ByteBuffer.wrap(line, 0, length);
        CharBuffer chars = CharBuffer.allocate(length);
        StringBuilder out = new StringBuilder(length + 16);
        decoder.reset();
        while (true) {
            CoderResult result = decoder.decode(bytes, chars, true);
            chars.flip();
            out.append(chars);
            chars.clear();
            if (result.isError()) {
                for (int i = 0; i < result.length(); i++) {
                    out.append(String.format("\\x%02x", bytes.get() & 0xff));
                }
            } else if (result.isUnderflow()) {
                return out.toString();
            }
        }
    }

    /**
     * The index of the first {@code b} in {@code bytes[from, to)}, or -1. Eight bytes at a time: every byte of the
     * export passes here, in each worker (a byte at a time, this was a quarter of a worker's reading thread).
     * A byte of {@code word} is zero where the bytes held {@code b}; {@code (word - 0x01..) & ~word & 0x80..} marks
     * the lowest such byte exactly (a borrow can only mark bytes above it).
     */
    private static int indexOf(byte[] bytes, byte b, int from, int to) {
        long pattern = LOW_BITS * (b & 0xff);
        int i = from;
        for (; i + Long.BYTES <= to; i += Long.BYTES) {
            long word = (long) LONGS.get(bytes, i) ^ pattern;
            long found = (word - LOW_BITS) & ~word & HIGH_BITS;
            if (found != 0) {
                return i + (Long.numberOfTrailingZeros(found) >>> 3);
            }
        }
        for (; i < to; i++) {
            if (bytes[i] == b) {
                return i;
            }
        }
        return -1;
    }
}
