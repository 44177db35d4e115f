package skybatch.jobs.plc;

/** Every test of {@link PlcImportJobTest} with the first load turned off: each import merges chunk by chunk. */
class PlcImportMergePathTest extends PlcImportJobTest {

    @Override
    boolean firstLoad() {
        return false;
    }
}
