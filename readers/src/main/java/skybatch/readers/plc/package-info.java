/**
 * The PLC directory export: one JSON line per DID operation, from a file of any compression, standard input, or
 * the directory's paginated {@code /export} endpoint.
 *
 * <p>{@link skybatch.readers.plc.PlcLineParser} turns one line into a {@link skybatch.readers.plc.PlcOperation}
 * (the DID's state after the operation, as a DID document) or says why it cannot.
 * {@link skybatch.readers.plc.PlcExportFileReader} and {@link skybatch.readers.plc.PlcExportPageReader} are the
 * restartable Spring Batch readers; both emit {@link skybatch.readers.plc.PlcExportLine}s that carry their
 * position, so a bad line can be quarantined with its file line or page cursor.
 */
package skybatch.readers.plc;
