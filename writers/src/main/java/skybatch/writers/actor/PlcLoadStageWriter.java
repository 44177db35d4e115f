package skybatch.writers.actor;

import java.sql.SQLException;
import java.util.List;
import javax.sql.DataSource;
import org.springframework.batch.infrastructure.item.Chunk;
import org.springframework.batch.infrastructure.item.ItemWriter;
import skybatch.readers.plc.PlcOperation;

/**
 * The first load's chunk writer: appends the chunk's latest operation per DID to {@code skybatch.plc_load_stage}
 * by binary COPY, inside the chunk's transaction (so with its position), and does nothing else; {@link PlcLoadBuild}
 * makes the identity tables from the stage once every chunk is in.
 */
public class PlcLoadStageWriter implements ItemWriter<PlcOperation> {

    private final IdentityStageCopy stage;

    public PlcLoadStageWriter(DataSource dataSource) {
        this.stage = new IdentityStageCopy(dataSource, IdentityStageMapping.firstLoadStage(), List.of(), false);
    }

    @Override
    public void write(Chunk<? extends PlcOperation> chunk) throws SQLException {
        stage.write(chunk, connection -> { });
    }
}
