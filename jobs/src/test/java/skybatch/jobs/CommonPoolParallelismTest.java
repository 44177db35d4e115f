package skybatch.jobs;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ForkJoinPool;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/** The common pool's parallelism as a fresh JVM sees it after {@link SkybatchApplication#avoidThreadPerTaskFutures}. */
class CommonPoolParallelismTest {

    @Test
    void twoProcessorsGetTwoThreadsRatherThanAThreadPerTask() throws Exception {
        assertThat(parallelismWith("-XX:ActiveProcessorCount=2")).isEqualTo(2);
        assertThat(parallelismWith("-XX:ActiveProcessorCount=1")).isEqualTo(2);
    }

    @Test
    void moreProcessorsKeepTheJvmDefault() throws Exception {
        assertThat(parallelismWith("-XX:ActiveProcessorCount=8")).isEqualTo(7);
    }

    @Test
    void anOperatorsSettingWins() throws Exception {
        assertThat(parallelismWith("-XX:ActiveProcessorCount=2",
                "-Djava.util.concurrent.ForkJoinPool.common.parallelism=1")).isEqualTo(1);
    }

    private static int parallelismWith(String... jvmOptions) throws IOException, InterruptedException {
        List<String> command = new ArrayList<>();
        command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        command.addAll(List.of(jvmOptions));
        command.addAll(List.of("-cp", System.getProperty("java.class.path"), Probe.class.getName()));
        Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
        String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8).trim();
        assertThat(process.waitFor(30, TimeUnit.SECONDS)).isTrue();
        assertThat(process.exitValue()).as(output).isZero();
        return Integer.parseInt(output);
    }

    /** Runs in the child JVM: applies the setting as {@code main} does, then prints what the common pool got. */
    public static final class Probe {
        public static void main(String[] args) {
            SkybatchApplication.avoidThreadPerTaskFutures();
            System.out.println(ForkJoinPool.getCommonPoolParallelism());
        }
    }
}
