package skybatch.jobs.backfill;

import skybatch.readers.testing.TestData;
import static org.assertj.core.api.Assertions.assertThat;
import static skybatch.jobs.testing.SampleRepositories.ALICE;
import static skybatch.jobs.testing.SampleRepositories.BOB;
import static skybatch.jobs.testing.SampleRepositories.CAROL;
import static skybatch.jobs.testing.SampleRepositories.POST;
import static skybatch.jobs.testing.SampleRepositories.blobCid;
import static skybatch.jobs.testing.SampleRepositories.map;
import static skybatch.jobs.testing.SampleRepositories.ref;
import static skybatch.jobs.testing.SampleRepositories.uri;

import io.micrometer.core.instrument.MeterRegistry;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.batch.core.BatchStatus;
import org.springframework.batch.core.job.Job;
import org.springframework.batch.core.job.JobExecution;
import org.springframework.batch.core.job.JobInterruptedException;
import org.springframework.batch.core.job.parameters.JobParametersBuilder;
import org.springframework.batch.core.repository.JobRepository;
import org.springframework.batch.core.step.StepExecution;
import skybatch.jobs.backfill.internal.LoadPathPartitioner;
import skybatch.jobs.backfill.internal.ThreadsAndNotificationsTasklet;
import skybatch.jobs.operations.JobRunner;
import skybatch.jobs.testing.AuditLogExports;
import skybatch.jobs.testing.Eventually;
import skybatch.jobs.testing.FakePds;
import skybatch.jobs.testing.TableRows;
import skybatch.jobs.testing.SampleRepositories;
import skybatch.jobs.testing.SkybatchTestApp;
import skybatch.jobs.testing.TestRepository;
import skybatch.jobs.testing.TestSigner;

/** backfillReposJob end to end: a PDS stand-in on 127.0.0.1, the real application, a real PostgreSQL. */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class BackfillJobTest {

    private static final Path FIXTURES = TestData.path("");
    private static final String TINY = "did:plc:7hptvnhdyeu53xp6rz7e42iy";
    private static final String LITTLE = "did:plc:lulmyldiq4sb2ikags5sfb25";
    private static final String BNEWBOLD = "did:plc:nhxcyu4ewwhl5pqil4dotqjo";
    private static final String BNEWBOLD_CAR =
            "indigo/branch-bnewbold-mst-perf/atproto/repo/testdata/bnewbold.robocracy.org.20250310005405.car";
    private static final List<String> RECORD_TABLES = List.of("record", "post", "post_embed_image",
            "post_embed_external", "post_embed_record", "post_embed_video", "like", "repost", "follow", "actor_block",
            "profile", "list", "list_item", "list_block", "feed_generator", "starter_pack", "labeler", "thread_gate",
            "post_gate", "verification", "actor_sync", "feed_item", "quote", "op_thread_reply", "post_agg",
            "profile_agg");

    private final TestSigner alicesKey = new TestSigner("alice");
    private SkybatchTestApp app;
    private FakePds pds;

    @TempDir
    Path dir;

    @BeforeAll
    void start() {
        // small chunks and two workers, so repositories cross chunk boundaries and share chunks
        app = SkybatchTestApp.start("skybatch.backfill.chunk-size=4", "skybatch.backfill.partitions=2",
                "skybatch.backfill.retry-delay=10ms", "skybatch.backfill.list-page-size=2",
                "skybatch.backfill.repo-memory=2KB");
    }

    @AfterAll
    void stop() {
        app.close();
    }

    @BeforeEach
    void clear() throws Exception {
        if (pds != null) {
            pds.close();
        }
        pds = new FakePds();
        truncate();
    }

    private void truncate() {
        app.jdbc().execute("TRUNCATE skybatch.backfill_repo, skybatch.backfill_listing, skybatch.quarantine,"
                + " skybatch.aggregate_recount,"
                + " skybatch.actor_identity, bsky.did_cache, bsky.notification, " + String.join(", ", RECORD_TABLES.stream()
                        .map(t -> "bsky.\"" + t + "\"").toList()));
    }

    private JobExecution backfill(String parameter, String value, String... more) throws Exception {
        JobParametersBuilder parameters = new JobParametersBuilder().addString(parameter, value)
                .addLong("launched", System.nanoTime());
        for (int i = 0; i < more.length; i += 2) {
            parameters.addString(more[i], more[i + 1]);
        }
        Job job = app.bean(BackfillJobConfiguration.JOB_NAME, Job.class);
        return app.bean(JobRunner.class).start(job, parameters.toJobParameters());
    }

    private JobExecution backfillPds(String... more) throws Exception {
        return backfill(BackfillJobConfiguration.PDS, pds.url(), more);
    }

    private static byte[] fixture(String path) throws Exception {
        return Files.readAllBytes(FIXTURES.resolve(path));
    }

    private long count(String sql, Object... args) {
        return app.jdbc().queryForObject(sql, Long.class, args);
    }

    private Map<String, Object> row(String sql, Object... args) {
        return app.jdbc().queryForMap(sql, args);
    }

    private Map<String, Object> queued(String did) {
        return row("SELECT status, attempts, last_error, commit_cid, rev, record_count FROM skybatch.backfill_repo"
                + " WHERE did = ?", did);
    }

    private void identity(String did, String signingKey) {
        app.jdbc().update("INSERT INTO skybatch.actor_identity (did, pds_endpoint, signing_key, plc_cid,"
                + " plc_created_at) VALUES (?, ?, ?, 'bafy', now())", did, pds.url(), signingKey);
    }

    /** Every row of the record tables, without the columns that hold the time of indexing. */
    private Map<String, List<Map<String, Object>>> dataplaneRows() {
        return TableRows.of(app.jdbc(), RECORD_TABLES);
    }

    @Test
    void backfillsTheRealFixtureRepositoriesOfAPds() throws Exception {
        pds.repo(TINY, fixture("repo-stream/car-samples/tiny.car"))
                .repo(LITTLE, fixture("repo-stream/car-samples/little.car"))
                .repo(BNEWBOLD, fixture(BNEWBOLD_CAR));

        JobExecution execution = backfillPds(BackfillJobConfiguration.VERIFY_SIGNATURES, "false");

        assertThat(execution.getStatus()).isEqualTo(BatchStatus.COMPLETED);
        assertThat(pds.requests()).filteredOn(r -> r.contains("listRepos")).hasSize(3);
        assertThat(queued(TINY)).containsEntry("status", "done").containsEntry("record_count", 8L)
                .containsEntry("commit_cid", "bafyreihy3ckubnkyoci2cxipyvof3q57kpbnmja6x2cq5ift5oeuhkicvm");
        assertThat(queued(LITTLE)).containsEntry("status", "done").containsEntry("record_count", 278L);
        assertThat(queued(BNEWBOLD)).containsEntry("status", "done").containsEntry("record_count", 38L)
                .containsEntry("rev", "3ljlyqit2uk2l");
        assertThat(count("SELECT count(*) FROM bsky.record WHERE did = ?", TINY)).isEqualTo(8);
        assertThat(count("SELECT count(*) FROM bsky.record WHERE did = ?", BNEWBOLD)).isEqualTo(38);
        // tiny.car: a profile, 3 posts, 2 likes, a block and a follow
        assertThat(count("SELECT count(*) FROM bsky.post WHERE creator = ?", TINY)).isEqualTo(3);
        assertThat(count("SELECT count(*) FROM bsky.like WHERE creator = ?", TINY)).isEqualTo(2);
        assertThat(count("SELECT count(*) FROM bsky.actor_block WHERE creator = ?", TINY)).isOne();
        assertThat(count("SELECT count(*) FROM bsky.follow WHERE creator = ?", TINY)).isOne();
        assertThat(count("SELECT count(*) FROM bsky.profile WHERE creator = ?", TINY)).isOne();
        assertThat(row("SELECT \"commitCid\", \"repoRev\" FROM bsky.actor_sync WHERE did = ?", BNEWBOLD))
                .containsEntry("commitCid", "bafyreichu4yauuwb7yh3hrsg2ch7lo2nfrvknkzv2a6mgda3xuoegdch7e")
                .containsEntry("repoRev", "3ljlyqit2uk2l");
        // every record's JSON names its type, and every uri is at://did/collection/rkey
        assertThat(count("SELECT count(*) FROM bsky.record WHERE json NOT LIKE '%\"$type\"%'"
                + " OR uri <> 'at://' || did || '/' || split_part(uri, '/', 4) || '/' || split_part(uri, '/', 5)"))
                .isZero();
        assertThat(count("SELECT count(*) FROM skybatch.quarantine WHERE did = ?", TINY)).isZero();
    }

    @Test
    void everyRecordTypeGoesToItsTableAsTheAppViewIndexesIt() throws Exception {
        TestRepository repo = SampleRepositories.everyType();
        pds.repo(ALICE, repo.car(alicesKey).bytes());
        identity(ALICE, alicesKey.didKey());

        JobExecution execution = backfill(BackfillJobConfiguration.DIDS, ALICE);

        assertThat(execution.getStatus()).isEqualTo(BatchStatus.COMPLETED);
        assertThat(queued(ALICE)).containsEntry("status", "done")
                .containsEntry("record_count", (long) SampleRepositories.EVERY_TYPE_RECORDS);
        assertThat(count("SELECT count(*) FROM bsky.record")).isEqualTo(
                SampleRepositories.EVERY_TYPE_RECORDS - SampleRepositories.EVERY_TYPE_REFUSED);
        String post1 = uri(ALICE, POST, "3kpost1");
        Map<String, Object> post = row("SELECT *, langs::text AS langs_text, tags::text AS tags_text"
                + " FROM bsky.post WHERE uri = ?", post1);
        assertThat(post).containsEntry("cid", repo.cid(POST, "3kpost1")).containsEntry("creator", ALICE)
                .containsEntry("text", "hello").containsEntry("replyRoot", uri(BOB, POST, "root"))
                .containsEntry("replyParent", uri(BOB, POST, "parent"))
                .containsEntry("replyRootCid", SampleRepositories.SOME_CID.toString())
                .containsEntry("createdAt", "2024-05-01T12:00:00.000Z")
                .containsEntry("sortAt", "2024-05-01T12:00:00.000Z")
                .containsEntry("langs_text", "[\"en\", \"fr\"]").containsEntry("tags_text", "[\"batch\"]")
                .containsEntry("hasThreadGate", true);
        assertThat(post.get("indexedAt").toString()).matches("\\d{4}-\\d\\d-\\d\\dT\\d\\d:\\d\\d:\\d\\d\\.\\d{3}Z");
        assertThat(app.jdbc().queryForList("SELECT \"position\", \"imageCid\", alt FROM bsky.post_embed_image"
                + " WHERE \"postUri\" = ? ORDER BY 1", post1)).containsExactly(
                map("position", "0", "imageCid", blobCid(1), "alt", "a cat"),
                map("position", "1", "imageCid", blobCid(2), "alt", ""));

        String post2 = uri(ALICE, POST, "3kpost2");
        assertThat(row("SELECT \"createdAt\", \"hasPostGate\", langs FROM bsky.post WHERE uri = ?", post2))
                .containsEntry("createdAt", "2024-05-01T11:00:00.000Z").containsEntry("hasPostGate", true)
                .containsEntry("langs", null);
        assertThat(row("SELECT \"embedUri\", \"embedCid\" FROM bsky.post_embed_record WHERE \"postUri\" = ?", post2))
                .containsEntry("embedUri", uri(BOB, POST, "quoted"));
        assertThat(row("SELECT * FROM bsky.post_embed_external WHERE \"postUri\" = ?", post2))
                .containsEntry("uri", "https://example.com").containsEntry("title", "Example")
                .containsEntry("description", "An example").containsEntry("thumbCid", blobCid(3));
        assertThat(row("SELECT \"videoCid\", alt FROM bsky.post_embed_video WHERE \"postUri\" = ?",
                uri(ALICE, POST, "3kpost3"))).containsEntry("videoCid", blobCid(4)).containsEntry("alt", "clip");
        assertThat(row("SELECT \"createdAt\" FROM bsky.post WHERE uri = ?", uri(ALICE, POST, "3kpost3")))
                .containsEntry("createdAt", "2024-05-02T10:00:00.000Z");

        assertThat(row("SELECT * FROM bsky.like")).containsEntry("subject", uri(BOB, POST, "liked"))
                .containsEntry("subjectCid", SampleRepositories.SOME_CID.toString()).containsEntry("via", null)
                .containsEntry("createdAt", "2024-05-03T00:00:00.123Z");
        assertThat(row("SELECT * FROM bsky.repost")).containsEntry("via", uri(CAROL, "app.bsky.feed.repost", "r"))
                .containsEntry("createdAt", "1970-01-01T00:00:00.000Z");
        assertThat(row("SELECT * FROM bsky.follow")).containsEntry("subjectDid", BOB).containsEntry("creator", ALICE)
                .containsEntry("uri", uri(ALICE, "app.bsky.graph.follow", "3kfollow1"));
        assertThat(row("SELECT * FROM bsky.actor_block")).containsEntry("subjectDid", CAROL);
        assertThat(row("SELECT * FROM bsky.profile")).containsEntry("displayName", "Alice")
                .containsEntry("description", "Backfilled").containsEntry("avatarCid", blobCid(5))
                .containsEntry("bannerCid", null)
                .containsEntry("joinedViaStarterPackUri", uri(BOB, "app.bsky.graph.starterpack", "sp"))
                .containsEntry("createdAt", "2024-01-01T00:00:00Z");
        assertThat(row("SELECT * FROM bsky.list")).containsEntry("name", "Friends")
                .containsEntry("purpose", "app.bsky.graph.defs#curatelist")
                .containsEntry("descriptionFacets", "[{\"index\":{\"byteEnd\":2,\"byteStart\":0},\"features\":[]}]");
        assertThat(row("SELECT * FROM bsky.list_item")).containsEntry("subjectDid", BOB)
                .containsEntry("listUri", uri(ALICE, "app.bsky.graph.list", "l1"));
        assertThat(row("SELECT * FROM bsky.list_block")).containsEntry("subjectUri", uri(BOB, "app.bsky.graph.list",
                "spam"));
        assertThat(row("SELECT * FROM bsky.feed_generator")).containsEntry("feedDid", "did:web:feed.example.com")
                .containsEntry("displayName", "My feed").containsEntry("avatarCid", blobCid(6));
        assertThat(row("SELECT * FROM bsky.starter_pack")).containsEntry("name", "Start here");
        assertThat(row("SELECT * FROM bsky.labeler")).containsEntry("uri", uri(ALICE, "app.bsky.labeler.service",
                "self"));
        assertThat(row("SELECT * FROM bsky.thread_gate")).containsEntry("postUri", post1);
        assertThat(row("SELECT * FROM bsky.post_gate")).containsEntry("postUri", post2);
        assertThat(row("SELECT * FROM bsky.verification")).containsEntry("rkey", "v1").containsEntry("subject", BOB)
                .containsEntry("handle", "bob.test").containsEntry("displayName", "Bob");
        assertThat(row("SELECT json FROM bsky.record WHERE uri = ?", uri(ALICE, "com.example.thing", "t1")))
                .containsEntry("json", "{\"link\":{\"$link\":\"" + SampleRepositories.SOME_CID
                        + "\"},\"$type\":\"com.example.thing\",\"bytes\":{\"$bytes\":\"AQID\"}}");
        assertThat(row("SELECT \"commitCid\", \"repoRev\" FROM bsky.actor_sync WHERE did = ?", ALICE))
                .containsEntry("commitCid", repo.car(alicesKey).root().toString())
                .containsEntry("repoRev", "3lbackfill0001");

        assertThat(app.jdbc().queryForList("SELECT uri, type, \"postUri\", \"originatorDid\", \"sortAt\""
                + " FROM bsky.feed_item ORDER BY uri")).containsExactly(
                map("uri", post1, "type", "post", "postUri", post1, "originatorDid", ALICE,
                        "sortAt", "2024-05-01T12:00:00.000Z"),
                map("uri", post2, "type", "post", "postUri", post2, "originatorDid", ALICE,
                        "sortAt", "2024-05-01T11:00:00.000Z"),
                map("uri", uri(ALICE, POST, "3kpost3"), "type", "post", "postUri", uri(ALICE, POST, "3kpost3"),
                        "originatorDid", ALICE, "sortAt", "2024-05-02T10:00:00.000Z"),
                map("uri", uri(ALICE, "app.bsky.feed.repost", "3krepost1"), "type", "repost",
                        "postUri", uri(BOB, POST, "reposted"), "originatorDid", ALICE,
                        "sortAt", "1970-01-01T00:00:00.000Z"));
        assertThat(row("SELECT uri, subject, \"createdAt\" FROM bsky.quote")).containsEntry("uri", post2)
                .containsEntry("subject", uri(BOB, POST, "quoted")).containsEntry("createdAt", "2024-05-01T11:00:00.000Z");
        assertThat(app.jdbc().queryForList("SELECT uri, \"likeCount\", \"replyCount\", \"repostCount\","
                + " \"quoteCount\" FROM bsky.post_agg ORDER BY uri")).containsExactly(
                map("uri", uri(BOB, POST, "liked"), "likeCount", 1L, "replyCount", 0L, "repostCount", 0L,
                        "quoteCount", 0L),
                map("uri", uri(BOB, POST, "parent"), "likeCount", 0L, "replyCount", 1L, "repostCount", 0L,
                        "quoteCount", 0L),
                map("uri", uri(BOB, POST, "quoted"), "likeCount", 0L, "replyCount", 0L, "repostCount", 0L,
                        "quoteCount", 1L),
                map("uri", uri(BOB, POST, "reposted"), "likeCount", 0L, "replyCount", 0L, "repostCount", 1L,
                        "quoteCount", 0L));
        assertThat(app.jdbc().queryForList("SELECT did, \"followersCount\", \"followsCount\", \"postsCount\""
                + " FROM bsky.profile_agg ORDER BY did")).containsExactlyInAnyOrder(
                map("did", ALICE, "followersCount", 0L, "followsCount", 1L, "postsCount", 3L),
                map("did", BOB, "followersCount", 1L, "followsCount", 0L, "postsCount", 0L));
        assertThat(count("SELECT count(*) FROM skybatch.aggregate_recount")).isZero();

        List<Map<String, Object>> quarantined = app.jdbc().queryForList("SELECT source, position, did, reason"
                + " FROM skybatch.quarantine ORDER BY position");
        assertThat(quarantined).extracting(q -> q.get("position")).containsExactly("app.bsky.feed.like/3klikebroken",
                "app.bsky.feed.post/3kpost4", "app.bsky.graph.listitem/li2");
        assertThat(quarantined).allSatisfy(q -> assertThat(q).containsEntry("did", ALICE)
                .containsEntry("source", "at://" + ALICE));
        assertThat(quarantined.get(0).get("reason").toString()).startsWith("record does not decode");
        assertThat(quarantined.get(1).get("reason")).isEqualTo("app.bsky.feed.post.text is required: a string");
        assertThat(quarantined.get(2).get("reason")).isEqualTo("Creator of listitem does not match creator of list");
    }

    @Test
    void backfillingAgainReplacesTheRepositorysRecords() throws Exception {
        TestRepository repo = SampleRepositories.everyType();
        pds.repo(ALICE, repo.car(alicesKey).bytes());
        identity(ALICE, alicesKey.didKey());
        backfill(BackfillJobConfiguration.DIDS, ALICE);
        String followIndexedAt = app.jdbc().queryForObject("SELECT \"indexedAt\" FROM bsky.follow", String.class);

        repo.remove(POST, "3kpost3").remove("app.bsky.feed.threadgate", "3kpost1")
                .record("app.bsky.feed.like", "3klike1", map("$type", "app.bsky.feed.like",
                        "subject", ref(uri(CAROL, POST, "other")), "createdAt", "2024-06-01T00:00:00Z"))
                .record("app.bsky.graph.follow", "3kfollow2", map("$type", "app.bsky.graph.follow", "subject", CAROL,
                        "createdAt", "2024-06-01T00:00:00Z"))
                .rev("3lbackfill0002");
        pds.repo(ALICE, repo.car(alicesKey).bytes());
        Thread.sleep(5);

        JobExecution again = backfill(BackfillJobConfiguration.DIDS, ALICE);

        assertThat(again.getStatus()).isEqualTo(BatchStatus.COMPLETED);
        assertThat(count("SELECT count(*) FROM bsky.post WHERE uri = ?", uri(ALICE, POST, "3kpost3"))).isZero();
        assertThat(count("SELECT count(*) FROM bsky.post_embed_video")).isZero();
        assertThat(count("SELECT count(*) FROM bsky.record WHERE uri = ?", uri(ALICE, POST, "3kpost3"))).isZero();
        assertThat(count("SELECT count(*) FROM bsky.thread_gate")).isZero();
        assertThat(row("SELECT \"hasThreadGate\" FROM bsky.post WHERE uri = ?", uri(ALICE, POST, "3kpost1")))
                .containsEntry("hasThreadGate", false);
        assertThat(app.jdbc().queryForList("SELECT subject, cid FROM bsky.like")).containsExactly(
                map("subject", uri(CAROL, POST, "other"), "cid", repo.cid("app.bsky.feed.like", "3klike1")));
        assertThat(row("SELECT cid FROM bsky.record WHERE uri = ?", uri(ALICE, "app.bsky.feed.like", "3klike1")))
                .containsEntry("cid", repo.cid("app.bsky.feed.like", "3klike1"));
        assertThat(count("SELECT count(*) FROM bsky.follow")).isEqualTo(2);
        assertThat(count("SELECT count(*) FROM bsky.post_embed_image")).isEqualTo(2);
        assertThat(count("SELECT count(*) FROM bsky.feed_item WHERE uri = ?", uri(ALICE, POST, "3kpost3"))).isZero();
        // counts follow the records: the old like's post has none now, the new one's has one
        assertThat(app.jdbc().queryForMap("SELECT \"likeCount\" FROM bsky.post_agg WHERE uri = ?",
                uri(BOB, POST, "liked"))).containsEntry("likeCount", 0L);
        assertThat(app.jdbc().queryForMap("SELECT \"likeCount\" FROM bsky.post_agg WHERE uri = ?",
                uri(CAROL, POST, "other"))).containsEntry("likeCount", 1L);
        assertThat(row("SELECT \"followsCount\", \"postsCount\" FROM bsky.profile_agg WHERE did = ?", ALICE))
                .containsEntry("followsCount", 2L).containsEntry("postsCount", 2L);
        assertThat(row("SELECT \"followersCount\" FROM bsky.profile_agg WHERE did = ?", CAROL))
                .containsEntry("followersCount", 1L);
        assertThat(count("SELECT count(*) FROM bsky.record")).isEqualTo(
                SampleRepositories.EVERY_TYPE_RECORDS - SampleRepositories.EVERY_TYPE_REFUSED - 1);
        // an unchanged record is left as it was, as the app-view's re-index leaves it
        assertThat(app.jdbc().queryForObject("SELECT \"indexedAt\" FROM bsky.follow WHERE uri = ?", String.class,
                uri(ALICE, "app.bsky.graph.follow", "3kfollow1"))).isEqualTo(followIndexedAt);
        assertThat(row("SELECT \"repoRev\" FROM bsky.actor_sync WHERE did = ?", ALICE))
                .containsEntry("repoRev", "3lbackfill0002");
        assertThat(queued(ALICE)).containsEntry("status", "done").containsEntry("rev", "3lbackfill0002");
    }

    @Test
    void workersLikingAndFollowingTheSameSubjectsAtOnceCountEachExactly() throws Exception {
        // Three accounts like the same 40 posts and follow the same account; two workers and chunks of four note
        // the same keys concurrently, in every order.
        List<String> likers = List.of(ALICE, BOB, CAROL);
        for (String liker : likers) {
            TestRepository repo = new TestRepository(liker);
            for (int i = 0; i < 40; i++) {
                repo.record("app.bsky.feed.like", "3kl" + (char) ('a' + i / 26) + (char) ('a' + i % 26),
                        map("$type", "app.bsky.feed.like", "subject", ref(uri(TINY, POST, "p" + i)),
                                "createdAt", "2024-05-03T00:00:00Z"));
            }
            repo.record("app.bsky.graph.follow", "3kfollow", map("$type", "app.bsky.graph.follow",
                    "subject", TINY, "createdAt", "2024-05-03T00:00:00Z"));
            pds.repo(liker, repo.car(alicesKey).bytes());
        }

        JobExecution execution = backfillPds(BackfillJobConfiguration.VERIFY_SIGNATURES, "false");

        assertThat(execution.getStatus()).isEqualTo(BatchStatus.COMPLETED);
        assertThat(app.jdbc().queryForList("SELECT \"likeCount\" FROM bsky.post_agg", Long.class))
                .hasSize(40).containsOnly(3L);
        assertThat(row("SELECT \"followersCount\" FROM bsky.profile_agg WHERE did = ?", TINY))
                .containsEntry("followersCount", 3L);
        assertThat(count("SELECT count(*) FROM skybatch.aggregate_recount")).isZero();
    }

    private static List<String> loadPaths(JobExecution execution) {
        return execution.getStepExecutions().stream()
                .filter(step -> step.getStepName().startsWith("backfillReposWorkerStep"))
                .map(step -> step.getExecutionContext().getString(LoadPathPartitioner.RECOUNTS)).toList();
    }

    private static String threadsPath(JobExecution execution) {
        return execution.getStepExecutions().stream().filter(step -> step.getStepName().equals("backfillThreadsStep"))
                .map(step -> step.getExecutionContext().getString(ThreadsAndNotificationsTasklet.FIRST_LOAD))
                .findFirst().orElseThrow();
    }

    @Test
    void aFirstLoadOntoEmptyTablesRecountsOnceAtTheEndAndEndsWithTheRowsOfTheMergePath() throws Exception {
        pds.repo(ALICE, SampleRepositories.everyType().car(alicesKey).bytes());
        for (String liker : List.of(BOB, CAROL)) {
            TestRepository repo = new TestRepository(liker);
            for (int i = 0; i < 12; i++) {
                repo.record("app.bsky.feed.like", "3kl" + (char) ('a' + i), map("$type", "app.bsky.feed.like",
                        "subject", ref(uri(ALICE, POST, i % 2 == 0 ? "3kpost1" : "p" + i)),
                        "createdAt", "2024-05-03T00:00:00Z"));
            }
            repo.record("app.bsky.graph.follow", "3kfollow", map("$type", "app.bsky.graph.follow",
                    "subject", ALICE, "createdAt", "2024-05-03T00:00:00Z"));
            pds.repo(liker, repo.car(alicesKey).bytes());
        }

        JobExecution firstLoad = backfillPds(BackfillJobConfiguration.VERIFY_SIGNATURES, "false");

        assertThat(firstLoad.getStatus()).isEqualTo(BatchStatus.COMPLETED);
        assertThat(loadPaths(firstLoad)).hasSize(2).containsOnly("FULL_RECOUNT_FOLLOWS");
        assertThat(threadsPath(firstLoad)).as("each account's own records, flags set before").isEqualTo("true");
        Map<String, List<Map<String, Object>>> loaded = dataplaneRows();
        assertThat(row("SELECT \"likeCount\" FROM bsky.post_agg WHERE uri = ?", uri(ALICE, POST, "3kpost1")))
                .as("six likes of it from each, one kept per account").containsEntry("likeCount", 2L);
        assertThat(row("SELECT \"followersCount\" FROM bsky.profile_agg WHERE did = ?", ALICE))
                .containsEntry("followersCount", 2L);
        assertThat(count("SELECT count(*) FROM skybatch.aggregate_recount")).isZero();
        MeterRegistry meters = app.bean(MeterRegistry.class);
        assertThat(meters.find("spring.batch.chunk.write").timer()).as("chunks are observed").isNotNull();
        assertThat(meters.find("spring.batch.item.read").timer()).as("items are not").isNull();
        assertThat(meters.find("spring.batch.item.process").timer()).isNull();

        // the same repositories onto tables that hold a record already: the merge path, counts noted per chunk
        truncate();
        String other = "did:plc:other" + "o".repeat(19);
        app.jdbc().update("INSERT INTO bsky.record (uri, cid, did, json, \"indexedAt\") VALUES (?, 'bafy', ?, '{}',"
                + " '2024-01-01T00:00:00.000Z')", uri(other, "com.example.thing", "x"), other);
        JobExecution merged = backfillPds(BackfillJobConfiguration.VERIFY_SIGNATURES, "false");

        assertThat(merged.getStatus()).isEqualTo(BatchStatus.COMPLETED);
        assertThat(loadPaths(merged)).hasSize(2).containsOnly("NOTED");
        assertThat(threadsPath(merged)).isEqualTo("false");
        app.jdbc().update("DELETE FROM bsky.record WHERE did = ?", other);
        assertThat(dataplaneRows()).isEqualTo(loaded);
    }

    @Test
    void aRemovedReplyOfTheThreadsAuthorStaysInOpThreadReplyMarkedDeleted() throws Exception {
        String root = uri(ALICE, POST, "3kroot");
        String reply = uri(ALICE, POST, "3kreply");
        TestRepository repo = new TestRepository(ALICE)
                .record(POST, "3kroot", map("$type", POST, "text", "root", "createdAt", "2024-05-01T00:00:00Z"))
                .record(POST, "3kreply", map("$type", POST, "text", "reply", "createdAt", "2024-05-01T00:01:00Z",
                        "reply", map("root", ref(root), "parent", ref(root))));
        pds.repo(ALICE, repo.car(alicesKey).bytes());
        identity(ALICE, alicesKey.didKey());
        backfill(BackfillJobConfiguration.DIDS, ALICE);

        assertThat(row("SELECT * FROM bsky.op_thread_reply")).containsEntry("rootUri", root)
                .containsEntry("parentUri", root).containsEntry("uri", reply).containsEntry("deletedAt", null);
        assertThat(row("SELECT \"replyCount\" FROM bsky.post_agg WHERE uri = ?", root)).containsEntry("replyCount", 1L);

        pds.repo(ALICE, repo.remove(POST, "3kreply").rev("3lbackfill0002").car(alicesKey).bytes());
        assertThat(backfill(BackfillJobConfiguration.DIDS, ALICE).getStatus()).isEqualTo(BatchStatus.COMPLETED);

        assertThat(count("SELECT count(*) FROM bsky.post WHERE uri = ?", reply)).isZero();
        assertThat(row("SELECT uri, \"deletedAt\" FROM bsky.op_thread_reply")).containsEntry("uri", reply)
                .hasEntrySatisfying("deletedAt", deletedAt -> assertThat(deletedAt.toString())
                        .matches("\\d{4}-\\d\\d-\\d\\dT\\d\\d:\\d\\d:\\d\\d\\.\\d{3}Z"));
        assertThat(row("SELECT \"replyCount\" FROM bsky.post_agg WHERE uri = ?", root)).containsEntry("replyCount", 0L);
    }

    @Test
    void aLikeOfAnAlreadyLikedPostKeepsOnlyItsRecordRowAsInTheAppView() throws Exception {
        TestRepository repo = new TestRepository(ALICE);
        for (String rkey : List.of("3kla", "3klb", "3klc", "3kld", "3kle", "3klf")) {
            String subject = rkey.equals("3kle") ? "other" : "liked";
            repo.record("app.bsky.feed.like", rkey, map("$type", "app.bsky.feed.like",
                    "subject", ref(uri(BOB, POST, subject)), "createdAt", "2024-05-03T00:00:0" + rkey.charAt(3) + "Z"));
        }
        pds.repo(ALICE, repo.car(alicesKey).bytes());
        identity(ALICE, alicesKey.didKey());

        assertThat(backfill(BackfillJobConfiguration.DIDS, ALICE).getStatus()).isEqualTo(BatchStatus.COMPLETED);

        assertThat(count("SELECT count(*) FROM bsky.record")).isEqualTo(6);
        assertThat(app.jdbc().queryForList("SELECT uri FROM bsky.like ORDER BY uri", String.class)).containsExactly(
                uri(ALICE, "app.bsky.feed.like", "3kla"), uri(ALICE, "app.bsky.feed.like", "3kle"));
    }

    @Test
    void onlyTheChosenCollectionsAreWrittenOrRemoved() throws Exception {
        TestRepository repo = SampleRepositories.everyType();
        pds.repo(ALICE, repo.car(alicesKey).bytes());
        identity(ALICE, alicesKey.didKey());
        backfill(BackfillJobConfiguration.DIDS, ALICE, BackfillJobConfiguration.COLLECTIONS, "app.bsky.graph.follow");
        assertThat(count("SELECT count(*) FROM bsky.record")).isOne();
        assertThat(queued(ALICE)).containsEntry("record_count", 1L);

        backfill(BackfillJobConfiguration.DIDS, ALICE);
        repo.remove("app.bsky.graph.follow", "3kfollow1").remove("app.bsky.graph.block", "3kblock1");
        pds.repo(ALICE, repo.car(alicesKey).bytes());
        backfill(BackfillJobConfiguration.DIDS, ALICE, BackfillJobConfiguration.COLLECTIONS, "app.bsky.graph.follow");

        assertThat(count("SELECT count(*) FROM bsky.follow")).isZero();
        assertThat(count("SELECT count(*) FROM bsky.actor_block")).as("not a chosen collection: left alone").isOne();
    }

    @Test
    void unavailableRepositoriesAndBadCarsAreRecordedAndTheRunGoesOn() throws Exception {
        String takendown = "did:plc:takendown" + "a".repeat(15);
        String flaky = "did:plc:flaky" + "a".repeat(19);
        String corrupt = "did:plc:corrupt" + "a".repeat(17);
        String deactivated = "did:plc:deactivated" + "a".repeat(13);
        String missing = "did:plc:missing" + "a".repeat(17);
        byte[] tiny = fixture("repo-stream/car-samples/tiny.car");
        byte[] broken = tiny.clone();
        broken[broken.length - 10] ^= 0x01;
        TestRepository flakyRepo = new TestRepository(flaky).record("app.bsky.graph.follow", "f1",
                map("$type", "app.bsky.graph.follow", "subject", BOB, "createdAt", "2024-05-04T00:00:00Z"));
        pds.error(takendown, 400, "RepoTakendown")
                .repo(flaky, flakyRepo.car(new TestSigner("flaky")).bytes()).failFirst(flaky, 2)
                .repo(corrupt, broken)
                .inactive(deactivated, "deactivated", "RepoDeactivated")
                .error(missing, 400, "RepoNotFound")
                .repo(TINY, tiny);

        JobExecution execution = backfillPds(BackfillJobConfiguration.VERIFY_SIGNATURES, "false");

        assertThat(execution.getStatus()).isEqualTo(BatchStatus.COMPLETED);
        assertThat(queued(takendown)).containsEntry("status", "takendown").containsEntry("attempts", 1);
        assertThat(queued(missing)).containsEntry("status", "notfound");
        assertThat(queued(deactivated)).containsEntry("status", "deactivated");
        assertThat(pds.downloads(deactivated)).as("listed inactive: not asked for").isZero();
        assertThat(pds.downloads(flaky)).as("two 500s, then the repository").isEqualTo(3);
        assertThat(queued(flaky)).containsEntry("status", "done").containsEntry("record_count", 1L);
        assertThat(queued(corrupt)).containsEntry("status", "failed");
        assertThat(queued(corrupt).get("last_error").toString()).contains("does not hash to its CID");
        assertThat(queued(TINY)).containsEntry("status", "done").containsEntry("record_count", 8L);
        assertThat(app.jdbc().queryForList("SELECT did, position FROM skybatch.quarantine")).containsExactly(
                map("did", corrupt, "position", "car"));
        assertThat(count("SELECT count(*) FROM bsky.record WHERE did NOT IN (?, ?)", TINY, flaky)).isZero();
    }

    @Test
    void commitSignaturesAreCheckedWithTheKeyOfTheDidsIdentity() throws Exception {
        Path log = AuditLogExports.write(dir.resolve("bnewbold.jsonl"),
                AuditLogExports.lines("log_bnewbold_robocracy.json"));
        assertThat(app.importPlc(log.toString()).getStatus()).isEqualTo(BatchStatus.COMPLETED);
        app.jdbc().update("UPDATE skybatch.actor_identity SET pds_endpoint = ?", pds.url());
        identity(ALICE, new TestSigner("mallory").didKey());
        pds.repo(BNEWBOLD, fixture(BNEWBOLD_CAR)).repo(ALICE, SampleRepositories.everyType().car(alicesKey).bytes())
                .repo(BOB, new TestRepository(BOB).car(new TestSigner("bob")).bytes());
        Path dids = Files.writeString(dir.resolve("dids.txt"),
                BNEWBOLD + "\n" + ALICE + "\n\nnot-a-did\n" + BOB + "\n" + CAROL + "\n");

        JobExecution execution = backfill(BackfillJobConfiguration.DIDS_FILE, dids.toString());

        assertThat(execution.getStatus()).isEqualTo(BatchStatus.COMPLETED);
        assertThat(queued(BNEWBOLD)).containsEntry("status", "done").containsEntry("record_count", 38L);
        assertThat(queued(ALICE)).containsEntry("status", "failed");
        assertThat(queued(ALICE).get("last_error").toString()).startsWith("the commit signature does not verify");
        assertThat(queued(BOB)).containsEntry("status", "failed");
        assertThat(queued(BOB).get("last_error").toString()).contains("no PDS known");
        assertThat(count("SELECT count(*) FROM bsky.record WHERE did = ?", ALICE)).isZero();
        assertThat(app.jdbc().queryForList("SELECT did, position, reason FROM skybatch.quarantine ORDER BY id"))
                .extracting(q -> q.get("position")).containsExactlyInAnyOrder("line 4", "car");

        app.jdbc().update("UPDATE skybatch.actor_identity SET signing_key = ? WHERE did = ?", alicesKey.didKey(),
                ALICE);
        identity(BOB, null);
        app.jdbc().update("INSERT INTO skybatch.actor_identity (did, pds_endpoint, plc_cid, plc_created_at)"
                + " VALUES (?, 'ftp://pds.example', 'bafy', now())", CAROL);
        assertThat(backfill(BackfillJobConfiguration.DIDS, ALICE + "," + BOB + "," + CAROL).getStatus())
                .isEqualTo(BatchStatus.COMPLETED);
        assertThat(queued(CAROL)).containsEntry("status", "failed");
        assertThat(queued(CAROL).get("last_error").toString()).startsWith("unusable PDS endpoint");
        assertThat(queued(ALICE)).containsEntry("status", "done");
        assertThat(queued(BOB)).containsEntry("status", "failed");
        assertThat(queued(BOB).get("last_error").toString()).startsWith("no signing key known for " + BOB);

        assertThat(backfill(BackfillJobConfiguration.DIDS, BOB, BackfillJobConfiguration.VERIFY_SIGNATURES, "false")
                .getStatus()).isEqualTo(BatchStatus.COMPLETED);
        assertThat(queued(BOB)).containsEntry("status", "done").containsEntry("record_count", 0L);
    }

    @Test
    void aRestartAfterAFailureContinuesTheQueueAndEndsAsAnUninterruptedRun() throws Exception {
        TestRepository alice = SampleRepositories.everyType();
        pds.repo(ALICE, alice.car(alicesKey).bytes())
                .repo(TINY, fixture("repo-stream/car-samples/tiny.car"))
                .repo(LITTLE, fixture("repo-stream/car-samples/little.car"));
        backfillPds(BackfillJobConfiguration.VERIFY_SIGNATURES, "false");
        Map<String, List<Map<String, Object>>> uninterrupted = dataplaneRows();
        clear();
        pds.repo(ALICE, alice.car(alicesKey).bytes())
                .repo(TINY, fixture("repo-stream/car-samples/tiny.car"))
                .repo(LITTLE, fixture("repo-stream/car-samples/little.car"));

        // the database refuses one post in the middle of a repository, as a full disk or a lock timeout would
        app.jdbc().execute("""
                CREATE FUNCTION skybatch.refuse() RETURNS trigger LANGUAGE plpgsql AS $$
                BEGIN RAISE EXCEPTION 'injected failure for %', NEW.uri; END $$;
                CREATE TRIGGER refuse BEFORE INSERT ON bsky.post FOR EACH ROW
                WHEN (NEW.uri LIKE '%3kpost2') EXECUTE FUNCTION skybatch.refuse();
                """);
        JobExecution failed;
        try {
            failed = backfillPds(BackfillJobConfiguration.VERIFY_SIGNATURES, "false");
        } finally {
            app.jdbc().execute("DROP TRIGGER refuse ON bsky.post; DROP FUNCTION skybatch.refuse()");
        }
        assertThat(failed.getStatus()).isEqualTo(BatchStatus.FAILED);
        assertThat(queued(ALICE)).containsEntry("status", "pending");
        long committedBefore = count("SELECT count(*) FROM bsky.record WHERE did = ?", ALICE);

        JobExecution restarted = app.bean(JobRunner.class).restart(failed.getId());

        assertThat(restarted.getStatus()).isEqualTo(BatchStatus.COMPLETED);
        assertThat(restarted.getJobInstance().getInstanceId()).isEqualTo(failed.getJobInstance().getInstanceId());
        assertThat(pds.requests()).filteredOn(r -> r.contains("listRepos")).as("the queue was not listed again")
                .hasSize(3);
        assertThat(committedBefore).as("the failed run had committed part of the repository").isPositive();
        assertThat(dataplaneRows()).isEqualTo(uninterrupted);
        assertThat(app.jdbc().queryForList("SELECT status FROM skybatch.backfill_repo", String.class))
                .containsOnly("done");
    }

    @Test
    void stoppingTheJobEndsTheDownloadsUnderWayAndARestartFinishes() throws Exception {
        // a byte every 50 ms: each CAR would take minutes, far beyond what the stop may take
        pds.repo(TINY, fixture("repo-stream/car-samples/tiny.car"))
                .repo(LITTLE, fixture("repo-stream/car-samples/little.car")).bytePause(Duration.ofMillis(50));
        CompletableFuture<JobExecution> run = CompletableFuture.supplyAsync(() -> {
            try {
                return backfillPds(BackfillJobConfiguration.VERIFY_SIGNATURES, "false");
            } catch (Exception e) {
                throw new IllegalStateException(e);
            }
        }, task -> new Thread(task, "backfill-under-test").start());
        Eventually.within(Duration.ofSeconds(60), () -> pds.downloads(TINY) + pds.downloads(LITTLE) > 0,
                () -> "the backfill asked " + pds.requests());

        app.bean(JobRunner.class).requestStop(app.bean(JobRepository.class)
                .findRunningJobExecutions(BackfillJobConfiguration.JOB_NAME).iterator().next().getId());

        JobExecution stopped = run.get(30, TimeUnit.SECONDS);
        assertThat(stopped.getStatus()).isEqualTo(BatchStatus.STOPPED);
        assertThat(stopped.getStepExecutions()).filteredOn(s -> s.getStepName().startsWith("backfillReposWorkerStep"))
                .isNotEmpty().allSatisfy(s -> assertThat(s.getStatus()).isEqualTo(BatchStatus.STOPPED))
                .flatMap(StepExecution::getFailureExceptions).anySatisfy(e -> assertThat(e).cause()
                        .isInstanceOf(JobInterruptedException.class).hasMessageContaining("com.atproto.sync.getRepo")
                        .hasMessageEndingWith(": the run is stopping"));
        assertThat(app.jdbc().queryForList("SELECT status FROM skybatch.backfill_repo", String.class))
                .as("nothing marked failed for the stop").containsOnly("pending");
        pds.bytePause(Duration.ZERO);

        JobExecution restarted = app.bean(JobRunner.class).restart(stopped.getId());

        assertThat(restarted.getStatus()).isEqualTo(BatchStatus.COMPLETED);
        assertThat(app.jdbc().queryForList("SELECT status FROM skybatch.backfill_repo", String.class))
                .containsOnly("done").hasSize(2);
    }
}
