package skybatch.schedules;

import java.util.List;
import java.util.Optional;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.stereotype.Component;

/**
 * Every schedule of the application, turned off or not: the {@link Schedule} beans that the jobs' configurations
 * contribute. This module knows none of them by name.
 */
@Component
public class Schedules {

    private final List<Schedule> all;

    Schedules(ObjectProvider<Schedule> schedules) {
        this.all = schedules.orderedStream().toList();
    }

    public List<Schedule> all() {
        return all;
    }

    public Optional<Schedule> named(String name) {
        return all.stream().filter(s -> s.name().equals(name)).findFirst();
    }
}
