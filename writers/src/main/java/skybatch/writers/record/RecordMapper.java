package skybatch.writers.record;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import skybatch.readers.cbor.AtprotoJsonWriter;
import skybatch.readers.syntax.AtUri;
import skybatch.readers.syntax.Datetime;
import skybatch.writers.record.RecordFields.StrongRef;
import skybatch.writers.record.Rows.ActorBlockRow;
import skybatch.writers.record.Rows.FeedGeneratorRow;
import skybatch.writers.record.Rows.FeedItemRow;
import skybatch.writers.record.Rows.FollowRow;
import skybatch.writers.record.Rows.LabelerRow;
import skybatch.writers.record.Rows.LikeRow;
import skybatch.writers.record.Rows.ListBlockRow;
import skybatch.writers.record.Rows.ListItemRow;
import skybatch.writers.record.Rows.ListRow;
import skybatch.writers.record.Rows.OpThreadReplyRow;
import skybatch.writers.record.Rows.PostEmbedExternalRow;
import skybatch.writers.record.Rows.PostEmbedImageRow;
import skybatch.writers.record.Rows.PostEmbedRecordRow;
import skybatch.writers.record.Rows.PostEmbedVideoRow;
import skybatch.writers.record.Rows.PostGateRow;
import skybatch.writers.record.Rows.PostRow;
import skybatch.writers.record.Rows.ProfileRow;
import skybatch.writers.record.Rows.QuoteRow;
import skybatch.writers.record.Rows.RecordRow;
import skybatch.writers.record.Rows.RepostRow;
import skybatch.writers.record.Rows.StarterPackRow;
import skybatch.writers.record.Rows.ThreadGateRow;
import skybatch.writers.record.Rows.VerificationRow;

/**
 * Maps a repository record to the rows the app-view's indexer writes for it, field for field as the indexing
 * plugins of @atproto/bsky 0.0.280 do ({@code data-plane/server/indexing/plugins/*.js}): every record goes to
 * {@code record} with its JSON (links as {@code $link}, bytes as {@code $bytes}); the record types the app-view
 * indexes also go to their tables, with {@code createdAt} normalized as {@link Datetime#normalize} does. Records of
 * other collections go to {@code record} only.
 *
 * <p>A record of an indexed type that lacks a field its lexicon requires, holds one of the wrong type, or breaks a
 * rule the plugin checks (a list item in another account's list, a gate for another account's post) raises
 * {@link InvalidRecordException}: the app-view indexes none of it, not even its {@code record} row.
 */
public final class RecordMapper {

    private static final String POST = "app.bsky.feed.post";
    private static final String IMAGES = "app.bsky.embed.images";
    private static final String EXTERNAL = "app.bsky.embed.external";
    private static final String RECORD = "app.bsky.embed.record";
    private static final String RECORD_WITH_MEDIA = "app.bsky.embed.recordWithMedia";
    private static final String VIDEO = "app.bsky.embed.video";

    private RecordMapper() {}

    /** @param indexedAt when the record is indexed, as {@link Datetime#of} writes it */
    public static IndexedRecord map(String did, String collection, String rkey, String cid, Map<String, Object> value,
            String indexedAt) {
        Source r = new Source(AtUri.text(did, collection + "/" + rkey), cid, did, rkey,
                new RecordFields(value, collection), indexedAt);
        List<Record> rows = new ArrayList<>();
        switch (collection) {
            case POST -> post(r, rows);
            case "app.bsky.feed.like" -> {
                StrongRef subject = r.fields.strongRef("subject");
                StrongRef via = r.fields.optionalStrongRef("via");
                rows.add(new LikeRow(r.uri, cid, did, subject.uri(), subject.cid(), via == null ? null : via.uri(),
                        via == null ? null : via.cid(), r.fields.datetime("createdAt"), indexedAt));
            }
            case "app.bsky.feed.repost" -> {
                StrongRef subject = r.fields.strongRef("subject");
                StrongRef via = r.fields.optionalStrongRef("via");
                String createdAt = r.fields.datetime("createdAt");
                rows.add(new RepostRow(r.uri, cid, did, subject.uri(), subject.cid(), via == null ? null : via.uri(),
                        via == null ? null : via.cid(), createdAt, indexedAt));
                rows.add(new FeedItemRow(r.uri, cid, "repost", subject.uri(), did, sortAt(createdAt, indexedAt)));
            }
            case "app.bsky.graph.follow" -> rows.add(new FollowRow(r.uri, cid, did, r.fields.string("subject"),
                    r.fields.datetime("createdAt"), indexedAt));
            case "app.bsky.graph.block" -> rows.add(new ActorBlockRow(r.uri, cid, did, r.fields.string("subject"),
                    r.fields.datetime("createdAt"), indexedAt));
            case "app.bsky.actor.profile" -> profile(r, rows);
            case "app.bsky.graph.list" -> rows.add(new ListRow(r.uri, cid, did, r.fields.string("name"),
                    r.fields.string("purpose"), r.fields.optionalString("description"),
                    json(r.fields.optionalList("descriptionFacets")), r.fields.optionalBlobCid("avatar"),
                    r.fields.datetime("createdAt"), indexedAt));
            case "app.bsky.graph.listitem" -> {
                String list = r.fields.string("list");
                if (!isIn(list, did)) {
                    throw new InvalidRecordException("Creator of listitem does not match creator of list");
                }
                rows.add(new ListItemRow(r.uri, cid, did, r.fields.string("subject"), list,
                        r.fields.datetime("createdAt"), indexedAt));
            }
            case "app.bsky.graph.listblock" -> rows.add(new ListBlockRow(r.uri, cid, did, r.fields.string("subject"),
                    r.fields.datetime("createdAt"), indexedAt));
            case "app.bsky.feed.generator" -> rows.add(new FeedGeneratorRow(r.uri, cid, did, r.fields.string("did"),
                    r.fields.string("displayName"), r.fields.optionalString("description"),
                    json(r.fields.optionalList("descriptionFacets")), r.fields.optionalBlobCid("avatar"),
                    r.fields.datetime("createdAt"), indexedAt));
            case "app.bsky.graph.starterpack" -> {
                r.fields.string("list");
                rows.add(new StarterPackRow(r.uri, cid, did, r.fields.string("name"), r.fields.datetime("createdAt"),
                        indexedAt));
            }
            case "app.bsky.labeler.service" -> {
                r.fields.object("policies");
                String createdAt = r.fields.datetime("createdAt");
                if (rkey.equals("self")) {
                    rows.add(new LabelerRow(r.uri, cid, did, createdAt, indexedAt));
                }
            }
            case "app.bsky.feed.threadgate" -> rows.add(new ThreadGateRow(r.uri, cid, did, gatedPost(r, "thread"),
                    r.fields.datetime("createdAt"), indexedAt));
            case "app.bsky.feed.postgate" -> rows.add(new PostGateRow(r.uri, cid, did, gatedPost(r, "post"),
                    r.fields.datetime("createdAt"), indexedAt));
            case "app.bsky.graph.verification" -> rows.add(new VerificationRow(r.uri, cid, rkey, did,
                    r.fields.string("subject"), r.fields.string("handle"), r.fields.string("displayName"),
                    r.fields.datetime("createdAt"), indexedAt));
            default -> {
                // the app-view keeps no table for it: the record row alone
            }
        }
        return new IndexedRecord(new RecordRow(r.uri, cid, did, AtprotoJsonWriter.toJson(value), indexedAt), rows);
    }

    private static void post(Source r, List<Record> rows) {
        RecordFields reply = r.fields.optionalObject("reply");
        StrongRef root = reply == null ? null : reply.strongRef("root");
        StrongRef parent = reply == null ? null : reply.strongRef("parent");
        String createdAt = r.fields.datetime("createdAt");
        rows.add(new PostRow(r.uri, r.cid, r.did, r.fields.string("text"), root == null ? null : root.uri(),
                root == null ? null : root.cid(), parent == null ? null : parent.uri(),
                parent == null ? null : parent.cid(), createdAt, r.indexedAt,
                nonEmptyJson(r.fields.optionalList("langs")), nonEmptyJson(r.fields.optionalList("tags"))));
        rows.add(new FeedItemRow(r.uri, r.cid, "post", r.uri, r.did, sortAt(createdAt, r.indexedAt)));
        if (reply != null && isIn(root.uri(), r.did)) {
            rows.add(new OpThreadReplyRow(root.uri(), parent.uri(), r.uri, null));
        }
        RecordFields embed = r.fields.optionalObject("embed");
        if (embed == null) {
            return;
        }
        if (RECORD_WITH_MEDIA.equals(embed.type())) {
            recordEmbed(r, embed.object("record"), createdAt, rows);
            mediaEmbed(r, embed.object("media"), rows);
        } else if (RECORD.equals(embed.type())) {
            recordEmbed(r, embed, createdAt, rows);
        } else {
            mediaEmbed(r, embed, rows);
        }
    }

    /** An embedded record; when it is a post, the post is a quote of it. */
    private static void recordEmbed(Source r, RecordFields embed, String createdAt, List<Record> rows) {
        StrongRef record = embed.strongRef("record");
        rows.add(new PostEmbedRecordRow(r.uri, record.uri(), record.cid()));
        if (AtUri.tryParse(record.uri()).filter(u -> POST.equals(u.collection())).isPresent()) {
            rows.add(new QuoteRow(r.uri, r.cid, record.uri(), record.cid(), createdAt, r.indexedAt));
        }
    }

    /** The earlier of the two, as the plugins compute a feed item's sort key (and the tables' LEAST does). */
    private static String sortAt(String createdAt, String indexedAt) {
        return indexedAt.compareTo(createdAt) < 0 ? indexedAt : createdAt;
    }

    /** Images, an external link or a video; other embed types (galleries, new ones) have no table here. */
    private static void mediaEmbed(Source r, RecordFields media, List<Record> rows) {
        String type = media.type();
        if (IMAGES.equals(type)) {
            List<RecordFields> images = media.objects("images");
            for (int i = 0; i < images.size(); i++) {
                RecordFields image = images.get(i);
                rows.add(new PostEmbedImageRow(r.uri, String.valueOf(i), image.blobCid("image"),
                        image.string("alt")));
            }
        } else if (EXTERNAL.equals(type)) {
            RecordFields external = media.object("external");
            rows.add(new PostEmbedExternalRow(r.uri, external.string("uri"), external.string("title"),
                    external.string("description"), external.optionalBlobCid("thumb")));
        } else if (VIDEO.equals(type)) {
            rows.add(new PostEmbedVideoRow(r.uri, media.blobCid("video"), media.optionalString("alt")));
        }
    }

    private static void profile(Source r, List<Record> rows) {
        String displayName = r.fields.optionalString("displayName");
        String description = r.fields.optionalString("description");
        String avatar = r.fields.optionalBlobCid("avatar");
        String banner = r.fields.optionalBlobCid("banner");
        StrongRef starterPack = r.fields.optionalStrongRef("joinedViaStarterPack");
        // not normalized, and "now" when absent: as the plugin does
        String createdAt = r.fields.optionalString("createdAt");
        if (r.rkey.equals("self")) {
            rows.add(new ProfileRow(r.uri, r.cid, r.did, displayName, description, avatar, banner,
                    starterPack == null ? null : starterPack.uri(), createdAt == null ? r.indexedAt : createdAt,
                    r.indexedAt));
        }
    }

    /** A gate's post must be the same account's post with the same record key. */
    private static String gatedPost(Source r, String kind) {
        String post = r.fields.string("post");
        if (!isIn(post, r.did) || !r.rkey.equals(AtUri.parse(post).rkey())) {
            throw new InvalidRecordException("Creator and rkey of " + kind + " gate does not match its post");
        }
        return post;
    }

    /** Whether {@code uri} names something in the repository of {@code did}. */
    private static boolean isIn(String uri, String did) {
        return AtUri.tryParse(uri).filter(u -> did.equals(u.authority())).isPresent();
    }

    private static Json nonEmptyJson(List<?> list) {
        return list == null || list.isEmpty() ? null : new Json(AtprotoJsonWriter.toJson(list));
    }

    private static String json(List<?> list) {
        return list == null ? null : AtprotoJsonWriter.toJson(list);
    }

    private record Source(String uri, String cid, String did, String rkey, RecordFields fields, String indexedAt) {}
}
