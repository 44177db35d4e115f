package skybatch.readers.labels;

import skybatch.readers.syntax.Datetime;
import skybatch.readers.syntax.Did;

/**
 * A label a labeler published ({@code com.atproto.label.defs#label}), its signature checked.
 *
 * @param src     the labeler
 * @param subject the subject as written: a DID (an account) or an AT-URI (a record)
 * @param cid     the version of the record labelled, or {@code null} for every version (and for accounts)
 * @param val     the label's value, such as {@code porn} or {@code !hide}
 * @param neg     whether it negates an earlier label of the same src, subject, cid and val
 * @param cts     when it was created
 * @param exp     when it expires, or {@code null}
 */
public record Label(Did src, String subject, String cid, String val, boolean neg, Datetime cts, Datetime exp) {}
