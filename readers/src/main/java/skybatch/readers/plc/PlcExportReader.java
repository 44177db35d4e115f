package skybatch.readers.plc;

import org.springframework.batch.infrastructure.item.ItemStreamReader;

/** A restartable reader of the PLC export that can say how far it has come. */
public interface PlcExportReader extends ItemStreamReader<PlcExportLine>, ReadProgress {}
