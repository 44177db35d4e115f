package skybatch.readers.testing;

import java.lang.management.ManagementFactory;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * The command line of a JVM like this one (its class path, and the flags Chronicle Queue needs), for tests. The
 * child compiles with the quick JIT compiler alone: a test's child lives seconds, mostly starting up, and the
 * optimizing compiler's work would cost more CPU than it saves (bin/skybatch does the same for short commands).
 */
public final class ChildJvm {

    private ChildJvm() {}

    public static List<String> command(String maxHeap, Class<?> mainClass, String... args) {
        List<String> command = new ArrayList<>();
        command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        // the flags Chronicle Queue needs, as surefire gave them to this JVM
        ManagementFactory.getRuntimeMXBean().getInputArguments().stream()
                .filter(argument -> argument.startsWith("--add-") || argument.startsWith("-Dchronicle."))
                .forEach(command::add);
        command.addAll(List.of("-Xmx" + maxHeap, "-XX:TieredStopAtLevel=1", "-cp",
                System.getProperty("java.class.path"), mainClass.getName()));
        command.addAll(List.of(args));
        return command;
    }
}
