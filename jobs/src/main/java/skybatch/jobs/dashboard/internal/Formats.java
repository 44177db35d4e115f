package skybatch.jobs.dashboard.internal;

import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;

/** How the templates print values: times to the second in the JVM's zone (as the job listings do), counts grouped. */
public final class Formats {

    private static final DateTimeFormatter TIME = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss");

    public String time(LocalDateTime time) {
        return time == null ? "" : time.format(TIME);
    }

    public String time(Instant time) {
        return time == null ? "" : time.atZone(ZoneId.systemDefault()).format(TIME);
    }

    public String count(Number count) {
        return count == null ? "" : String.format("%,d", count.longValue());
    }

    public String rate(Double perSecond) {
        return perSecond == null ? "" : String.format("%,.0f", perSecond);
    }
}
