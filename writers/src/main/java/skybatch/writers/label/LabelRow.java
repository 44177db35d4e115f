package skybatch.writers.label;

/**
 * One row of the app-view's {@code label} table, as a labeler's label gives it.
 *
 * @param src the labeler's DID
 * @param uri the subject: a DID (the account) or an AT-URI (a record)
 * @param cid the record version labelled; {@code ""} for none, as the app-view stores it
 * @param val the label's value
 * @param neg whether this negates the label: the app-view no longer shows it
 * @param cts when the label was created, as the labeler wrote it
 * @param exp when it expires (the app-view shows it until then), or {@code null}
 */
public record LabelRow(String src, String uri, String cid, String val, boolean neg, String cts, String exp) {

    public LabelRow {
        cid = cid == null ? "" : cid;
    }
}
