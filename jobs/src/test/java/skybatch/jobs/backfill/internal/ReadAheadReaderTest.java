package skybatch.jobs.backfill.internal;

import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.springframework.batch.infrastructure.item.ExecutionContext;
import org.springframework.batch.infrastructure.item.ItemStreamException;
import org.springframework.batch.infrastructure.item.ItemStreamReader;
import skybatch.readers.plc.ReadProgress;

class ReadAheadReaderTest {

    @Test
    @Timeout(30) // the step must not wait forever for a reader that died
    void aReadingThreadThatDiesFailsTheReadWithItsCause() {
        ItemStreamReader<String> exploding = () -> {
            throw new OutOfMemoryError("Java heap space");
        };
        ReadProgress progress = new ReadProgress() {
            @Override
            public long bytesRead() {
                return 0;
            }

            @Override
            public long totalBytes() {
                return -1;
            }
        };
        ReadAheadReader<String, String> reader = new ReadAheadReader<>(exploding, item -> item, progress, 4,
                "test-read-ahead");
        reader.open(new ExecutionContext());
        try {
            assertThatThrownBy(reader::read).isInstanceOf(ItemStreamException.class)
                    .hasMessage("test-read-ahead died: java.lang.OutOfMemoryError: Java heap space")
                    .hasCauseInstanceOf(OutOfMemoryError.class);
        } finally {
            reader.close();
        }
    }
}
