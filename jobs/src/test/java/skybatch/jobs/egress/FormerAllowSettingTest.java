package skybatch.jobs.egress;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import skybatch.jobs.testing.CliRun;
import skybatch.writers.testing.TestDatabase;

/** The allow list's former name, from when it covered identity resolution only, is refused with its new name. */
class FormerAllowSettingTest {

    @Test
    void theFormerNameIsRefusedSayingTheNewOne() {
        try (TestDatabase database = TestDatabase.create()) {
            System.setProperty("skybatch.database-url", database.jdbcUrl());
            System.setProperty("skybatch.identity.allow-addresses", "10.0.0.0/8");
            CliRun.Result result = CliRun.run("jobs", "list");
            assertThat(result.exitCode()).isEqualTo(1);
            assertThat(result.err()).contains("SKYBATCH_IDENTITY_ALLOW_ADDRESSES is now SKYBATCH_ALLOW_ADDRESSES");
        } finally {
            System.clearProperty("skybatch.identity.allow-addresses");
            System.clearProperty("skybatch.database-url");
        }
    }
}
