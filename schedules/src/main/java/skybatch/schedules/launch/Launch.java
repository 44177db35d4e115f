package skybatch.schedules.launch;

import java.time.Instant;
import java.util.Map;

/**
 * One firing of a schedule.
 *
 * @param schedule the schedule's name
 * @param job the Spring Batch job to launch
 * @param parameters the schedule's job parameters
 * @param fireTime when the firing was due: with the schedule's name, it identifies the job instance
 */
public record Launch(String schedule, String job, Map<String, String> parameters, Instant fireTime) {

    public Launch {
        parameters = Map.copyOf(parameters);
    }
}
