package skybatch.readers.mst;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayInputStream;
import java.util.List;
import java.util.Map;
import java.util.SortedMap;
import java.util.TreeMap;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import skybatch.readers.cbor.AtprotoJsonReader;
import skybatch.readers.cbor.DagCborDecoder;
import skybatch.readers.cid.Cid;

/** Real repository CARs from repo-stream and indigo, with the roots and counts INDEX.md gives. */
class RepositoryTest {

    @ParameterizedTest(name = "{0}")
    @CsvSource({
        // file, commit CID, DID, version, distinct blocks, records. INDEX.md counts CAR sections; 2023 exports
        // repeat some blocks, so three of them have fewer distinct blocks (10 -> 9, 690 -> 682, 458 -> 452).
        "repo-stream/car-samples/empty.car, bafyreihmh6lpqcmyus4kt4rsypvxgvnvzkmj4aqczyewol5rsf7pdzzta4, did:plc:mhkgaud2jb4rypzt4ph2a3co, 3, 2, 0",
        "repo-stream/car-samples/tiny.car, bafyreihy3ckubnkyoci2cxipyvof3q57kpbnmja6x2cq5ift5oeuhkicvm, did:plc:7hptvnhdyeu53xp6rz7e42iy, 3, 12, 8",
        "repo-stream/car-samples/little.car, bafyreibzeyl5rjixphifpxqqj4ifpon2aatewunlrcvg4dbwazl3l2trgi, did:plc:lulmyldiq4sb2ikags5sfb25, 3, 375, 278",
        "indigo/testing/testdata/bafyreieovfuizojpw3zresz7sx3nk4trm2by23pt5rxbey3jme4uo5ogiu.car, bafyreieovfuizojpw3zresz7sx3nk4trm2by23pt5rxbey3jme4uo5ogiu, did:plc:z5vnbioquyhivxirw3bbljmu, 2, 9, 6",
        "indigo/testing/testdata/divy.repo, bafyreigcqmndagmrqv2ev2z5rezvtzhku7wgk27rppxwiohrjj4ra73za4, did:plc:fz36gecghqb353ek23nem3ca, 2, 9, 6",
        "indigo/testing/testdata/fakermaker.repo.car, bafyreia4dc3fd74u673yvxw4ytedf4h6hlodeorgrq6bf5v42g2mdn2xcy, did:plc:dpg45vsnuir2vqqqadsn6afg, 2, 682, 142",
        "indigo/testing/testdata/greenground.repo.car, bafyreidre5tvfhczb3ogh7mckqlmepb6q75tvkh2jvsbc7vmvysxfap3jm, did:plc:kzcqyc3unb33eh5sxzsfs25z, 3, 4, 2",
        "indigo/testing/testdata/paul_staging.repo.car, bafyreifg4tuxt4o4a6pkr76ana3ykdc2o5s3ttjxwtxse34yxbmaauhw6y, did:plc:cmpvykrzb2l22kj4ojlv3ox4, 2, 452, 185",
        "indigo/branch-bnewbold-mst-perf/atproto/repo/testdata/bnewbold.robocracy.org.20250310005405.car, bafyreichu4yauuwb7yh3hrsg2ch7lo2nfrvknkzv2a6mgda3xuoegdch7e, did:plc:nhxcyu4ewwhl5pqil4dotqjo, 3, 56, 38",
    })
    void fullRepositoriesWalkToTheirKnownRecordsAndRebuildToTheirRoot(
            String file, String commitCid, String did, long version, int blocks, int records) throws Exception {
        Repository repo = MstFixtures.repository(file, Completeness.FULL);

        assertThat(repo.commitCid().toString()).isEqualTo(commitCid);
        assertThat(repo.commit().did()).isEqualTo(did);
        assertThat(repo.commit().version()).isEqualTo(version);
        assertThat(repo.blockCount()).isEqualTo(blocks);
        List<RepoRecord> walked = MstFixtures.records(repo.records());
        assertThat(walked).hasSize(records);
        assertThat(walked).extracting(RepoRecord::path).isSorted().doesNotHaveDuplicates();
        for (RepoRecord record : walked) {
            assertThat(Cid.compute(Cid.DAG_CBOR, record.data())).isEqualTo(record.cid());
            assertThat(DagCborDecoder.decodeMap(record.data())).containsKey("$type");
        }
        // Rebuilding the tree from the walked entries must reproduce the commit's MST root.
        SortedMap<String, Cid> entries = new TreeMap<>();
        walked.forEach(r -> entries.put(r.path(), r.cid()));
        assertThat(MstBuilder.build(entries).root()).isEqualTo(repo.commit().data());
    }

    @Test
    void emptyRepositoryPointsAtTheEmptyTree() throws Exception {
        Repository repo = MstFixtures.repository("repo-stream/car-samples/empty.car", Completeness.FULL);
        assertThat(repo.commit().data().toString())
                .isEqualTo("bafyreie5737gdxlw5i64vzichcalba3z2v5n6icifvx5xytvske7mr3hpm");
        assertThat(repo.records().hasNext()).isFalse();
    }

    @Test
    void repoStreamSamplesMatchItsOwnAssertions() throws Exception {
        // repo-stream's tests: record counts, summed record block sizes, a profile record present.
        assertRecordBytes("repo-stream/car-samples/tiny.car", 8, 2071);
        assertRecordBytes("repo-stream/car-samples/little.car", 278, 246960);
        Repository little = MstFixtures.repository("repo-stream/car-samples/little.car", Completeness.FULL);
        assertThat(MstFixtures.records(little.records()).stream().map(RepoRecord::collection).distinct()).hasSize(24);
    }

    private static void assertRecordBytes(String file, int count, long bytes) throws Exception {
        List<RepoRecord> records = MstFixtures.records(MstFixtures.repository(file, Completeness.FULL).records());
        assertThat(records).hasSize(count);
        assertThat(records.stream().mapToLong(r -> r.data().length).sum()).isEqualTo(bytes);
        assertThat(records).extracting(RepoRecord::path).contains("app.bsky.actor.profile/self");
    }

    @Test
    void collectionsOfRealRepositories() throws Exception {
        assertThat(collections("indigo/testing/testdata/fakermaker.repo.car")).isEqualTo(Map.of(
                "app.bsky.graph.follow", 78L, "app.bsky.feed.post", 26L, "app.bsky.feed.like", 22L,
                "app.bsky.feed.repost", 15L, "app.bsky.actor.profile", 1L));
        assertThat(collections("indigo/testing/testdata/paul_staging.repo.car")).isEqualTo(Map.of(
                "app.bsky.feed.post", 101L, "app.bsky.feed.like", 60L, "app.bsky.feed.repost", 15L,
                "app.bsky.graph.follow", 8L, "app.bsky.actor.profile", 1L));
        Map<String, Long> bnewbold = collections(
                "indigo/branch-bnewbold-mst-perf/atproto/repo/testdata/bnewbold.robocracy.org.20250310005405.car");
        assertThat(bnewbold).hasSize(9).containsEntry("com.atproto.lexicon.schema", 5L)
                .containsKeys("blue.linkat.board", "net.bnewbold.demo.mushroom");
    }

    private static Map<String, Long> collections(String file) throws Exception {
        return MstFixtures.records(MstFixtures.repository(file, Completeness.FULL).records()).stream()
                .collect(Collectors.groupingBy(RepoRecord::collection, Collectors.counting()));
    }

    @Test
    void commitFieldsOfAVersion3Commit() throws Exception {
        Commit commit = MstFixtures.repository(
                "indigo/branch-bnewbold-mst-perf/atproto/repo/testdata/bnewbold.robocracy.org.20250310005405.car",
                Completeness.FULL).commit();
        assertThat(commit.rev()).isEqualTo("3ljlyqit2uk2l");
        assertThat(commit.data().toString()).isEqualTo("bafyreif4dl4omm65l7dulhpq3mworkzyxsz4hphwfsol3wf7gweipjnhsm");
        assertThat(commit.sig()).hasSize(64);
        assertThat(DagCborDecoder.decodeMap(commit.unsignedBytes())).doesNotContainKey("sig").containsKey("rev");
    }

    @Test
    void partialSliceReadsWhatIsThereAndReportsWhatIsNot() throws Exception {
        String file = "indigo/testing/testdata/repo_slice.car";
        assertThatThrownBy(() -> MstFixtures.records(MstFixtures.repository(file, Completeness.FULL).records()))
                .isInstanceOf(MissingBlockException.class);

        Repository repo = MstFixtures.repository(file, Completeness.PARTIAL);
        assertThat(repo.commitCid().toString()).isEqualTo("bafyreifp3cchwv6b5h4hubzmlolvytdkmtjeka2f3lqxwbs5uplsizmpe4");
        assertThat(repo.commit().did()).isEqualTo("did:plc:6evlgoug7wwijzxhzt2riyic");
        RecordWalk walk = repo.records();
        Map<String, RepoRecord> byPath = MstFixtures.records(walk).stream()
                .collect(Collectors.toMap(RepoRecord::path, Function.identity()));

        RepoRecord post = byPath.get("app.bsky.feed.post/3jquh3emtzo2o");
        assertThat(post.data()).isNotNull();
        Map<String, Object> value = DagCborDecoder.decodeMap(post.data());
        Map<?, ?> image = (Map<?, ?>) ((List<?>) ((Map<?, ?>) value.get("embed")).get("images")).get(0);
        assertThat(image.get("alt")).isEqualTo("Sausage sandwich italian style");
        // A 2023 record: the image is a legacy blob {cid: string, mimeType}, not {$type: blob, ref: link}.
        Map<?, ?> blob = (Map<?, ?>) image.get("image");
        assertThat(blob.get("cid")).isEqualTo("bafkreiblkobl6arfg3j7eft3akdhn2hmr2qmzfkefcgu4agnswvssg4a6a");
        assertThat(blob.get("mimeType")).isEqualTo("image/jpeg");

        List<Cid> absentRecords = byPath.values().stream().filter(r -> r.data() == null).map(RepoRecord::cid).toList();
        // All five keys are visible, four of their records and one MST subtree node are absent.
        assertThat(byPath).hasSize(5);
        assertThat(absentRecords).hasSize(4);
        assertThat(walk.missingBlocks()).hasSize(5).containsAll(absentRecords);
    }

    @ParameterizedTest
    @CsvSource({
        "indigo/atproto/repo/testdata/firehose_commit_4621317030.json, 8, 1",
        "indigo/atproto/repo/testdata/firehose_commit_4621317332.json, 7, 1",
        "indigo/atproto/repo/testdata/firehose_commit_4621332152.json, 71, 42",
        "indigo/atproto/repo/testdata/firehose_commit_4623075231.json, 3, 1",
    })
    void firehoseCommitSlicesResolveTheirOps(String file, int blocks, int ops) throws Exception {
        Map<String, Object> body = AtprotoJsonReader.fromJsonNode(MstFixtures.json(file));
        Repository repo = Repository.read(new ByteArrayInputStream((byte[]) body.get("blocks")), Completeness.PARTIAL);

        assertThat(repo.commitCid()).isEqualTo(body.get("commit"));
        assertThat(repo.commit().did()).isEqualTo(body.get("repo"));
        assertThat(repo.commit().rev()).isEqualTo(body.get("rev"));
        assertThat(repo.blockCount()).isEqualTo(blocks);
        Map<String, RepoRecord> byPath = MstFixtures.records(repo.records()).stream()
                .collect(Collectors.toMap(RepoRecord::path, Function.identity()));
        List<?> opList = (List<?>) body.get("ops");
        assertThat(opList).hasSize(ops);
        for (Object o : opList) {
            Map<?, ?> op = (Map<?, ?>) o;
            RepoRecord record = byPath.get((String) op.get("path"));
            assertThat(record).as(op.toString()).isNotNull();
            assertThat(record.cid()).isEqualTo(op.get("cid"));
            assertThat(record.data()).as("record block is in the slice").isNotNull();
        }
    }
}
