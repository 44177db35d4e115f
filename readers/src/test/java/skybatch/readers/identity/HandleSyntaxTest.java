package skybatch.readers.identity;

import skybatch.readers.testing.TestData;
import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import skybatch.readers.identity.testing.LoopbackInternet;
import skybatch.readers.identity.testing.TestIdentities;
import skybatch.readers.syntax.Did;
import skybatch.readers.syntax.Handle;

/** The atproto interop handle lists, through the same {@link Handle} parsing and resolution the job uses. */
class HandleSyntaxTest {

    private static List<String> lines(String file) throws IOException {
        Path path = TestData.path("atproto-interop-tests/syntax/" + file);
        return Files.readAllLines(path).stream().filter(l -> !l.isEmpty() && !l.startsWith("#")).toList();
    }

    @Test
    void everyValidHandleIsResolvedAndVerifiedUnlessItsTldIsReserved() throws IOException {
        List<Handle> handles = lines("handle_syntax_valid.txt").stream().map(Handle::parse).distinct().toList();
        assertThat(handles).hasSizeGreaterThan(60);
        try (LoopbackInternet internet = LoopbackInternet.start();
                IdentityNetwork network = IdentityNetwork.create(internet.config())) {
            for (int i = 0; i < handles.size(); i++) {
                Handle handle = handles.get(i);
                Did did = TestIdentities.plc(1000 + i);
                internet.publishDocument(TestIdentities.document(did, handle.value()));
                if (handle.hasAllowedTld()) {
                    internet.publishWellKnown(handle, did);
                }
            }

            Map<Handle, CompletableFuture<Identity>> lookups =
                    handles.stream().collect(Collectors.toMap(Function.identity(), network::lookupHandle));

            lookups.forEach((handle, lookup) -> {
                Identity identity = lookup.join();
                if (handle.hasAllowedTld()) {
                    assertThat(identity.failure()).as(handle.value()).isEmpty();
                } else {
                    assertThat(identity.failure()).as(handle.value()).hasValueSatisfying(
                            failure -> assertThat(failure.reason()).isEqualTo(Reason.INVALID_HANDLE));
                    assertThat(internet.httpTraffic(handle.value()).requests()).isZero();
                }
            });
            assertThat(handles).filteredOn(handle -> !handle.hasAllowedTld()).isNotEmpty();
        }
    }

    @Test
    void noInvalidHandleGetsThrough() throws IOException {
        List<String> invalid = lines("handle_syntax_invalid.txt");

        assertThat(invalid).hasSizeGreaterThan(20);
        assertThat(invalid).allSatisfy(value -> assertThat(Handle.tryParse(value)).as(value).isEmpty());
    }
}
