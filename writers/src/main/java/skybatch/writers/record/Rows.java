package skybatch.writers.record;

/**
 * The rows of the app-view's record tables, one type per table, with the columns the app-view's indexer fills
 * (@atproto/bsky's indexing plugins); columns it leaves to other code (aggregates, reply validation,
 * {@code takedownRef}) stay NULL or default, and the generated {@code sortAt} columns compute themselves.
 * Component names are the column names.
 */
public final class Rows {

    private Rows() {}

    @Table("record")
    public record RecordRow(String uri, String cid, String did, String json, String indexedAt) {}

    @Table("post")
    public record PostRow(String uri, String cid, String creator, String text, String replyRoot, String replyRootCid,
            String replyParent, String replyParentCid, String createdAt, String indexedAt, Json langs, Json tags) {}

    @Table(value = "post_embed_image", key = {"postUri", "position"})
    public record PostEmbedImageRow(String postUri, String position, String imageCid, String alt) {}

    @Table(value = "post_embed_external", key = "postUri")
    public record PostEmbedExternalRow(String postUri, String uri, String title, String description,
            String thumbCid) {}

    @Table(value = "post_embed_record", key = {"postUri", "embedUri"})
    public record PostEmbedRecordRow(String postUri, String embedUri, String embedCid) {}

    @Table(value = "post_embed_video", key = "postUri")
    public record PostEmbedVideoRow(String postUri, String videoCid, String alt) {}

    /** An entry of an author's feed: their post (type "post"), or their repost of a post (type "repost"). */
    @Table("feed_item")
    public record FeedItemRow(String uri, String cid, String type, String postUri, String originatorDid,
            String sortAt) {}

    /** A reply by the author of its thread's root post; removed, it stays with {@code deletedAt} set. */
    @Table(value = "op_thread_reply", key = {"rootUri", "uri"})
    public record OpThreadReplyRow(String rootUri, String parentUri, String uri, String deletedAt) {}

    /** A post that embeds another post. */
    @Table("quote")
    public record QuoteRow(String uri, String cid, String subject, String subjectCid, String createdAt,
            String indexedAt) {}

    @Table(value = "like", unique = {"subject", "creator"})
    public record LikeRow(String uri, String cid, String creator, String subject, String subjectCid, String via,
            String viaCid, String createdAt, String indexedAt) {}

    @Table(value = "repost", unique = {"creator", "subject"})
    public record RepostRow(String uri, String cid, String creator, String subject, String subjectCid, String via,
            String viaCid, String createdAt, String indexedAt) {}

    @Table(value = "follow", unique = {"creator", "subjectDid"})
    public record FollowRow(String uri, String cid, String creator, String subjectDid, String createdAt,
            String indexedAt) {}

    @Table(value = "actor_block", unique = {"creator", "subjectDid"})
    public record ActorBlockRow(String uri, String cid, String creator, String subjectDid, String createdAt,
            String indexedAt) {}

    @Table("profile")
    public record ProfileRow(String uri, String cid, String creator, String displayName, String description,
            String avatarCid, String bannerCid, String joinedViaStarterPackUri, String createdAt, String indexedAt) {}

    @Table("list")
    public record ListRow(String uri, String cid, String creator, String name, String purpose, String description,
            String descriptionFacets, String avatarCid, String createdAt, String indexedAt) {}

    @Table(value = "list_item", unique = {"listUri", "subjectDid"})
    public record ListItemRow(String uri, String cid, String creator, String subjectDid, String listUri,
            String createdAt, String indexedAt) {}

    @Table(value = "list_block", unique = {"creator", "subjectUri"})
    public record ListBlockRow(String uri, String cid, String creator, String subjectUri, String createdAt,
            String indexedAt) {}

    @Table("feed_generator")
    public record FeedGeneratorRow(String uri, String cid, String creator, String feedDid, String displayName,
            String description, String descriptionFacets, String avatarCid, String createdAt, String indexedAt) {}

    @Table("starter_pack")
    public record StarterPackRow(String uri, String cid, String creator, String name, String createdAt,
            String indexedAt) {}

    @Table("labeler")
    public record LabelerRow(String uri, String cid, String creator, String createdAt, String indexedAt) {}

    @Table(value = "thread_gate", unique = {"postUri"})
    public record ThreadGateRow(String uri, String cid, String creator, String postUri, String createdAt,
            String indexedAt) {}

    @Table(value = "post_gate", unique = {"postUri"})
    public record PostGateRow(String uri, String cid, String creator, String postUri, String createdAt,
            String indexedAt) {}

    @Table(value = "verification", unique = {"subject", "creator"})
    public record VerificationRow(String uri, String cid, String rkey, String creator, String subject, String handle,
            String displayName, String createdAt, String indexedAt) {}
}
