package skybatch.jobs.testing;

import org.springframework.jdbc.core.JdbcTemplate;
import skybatch.readers.labels.TestLabeler;

/** A test labeler's DID document, stored as the PLC import stores it: its label key and its labeler service. */
public final class LabelerDocuments {

    private LabelerDocuments() {}

    public static void store(JdbcTemplate jdbc, TestLabeler labeler, String endpoint) {
        String multibase = labeler.key().didKey().substring("did:key:".length());
        jdbc.update("INSERT INTO skybatch.actor_identity (did, plc_cid, plc_created_at) VALUES (?, 'bafy', now())",
                labeler.did());
        jdbc.update("INSERT INTO bsky.did_cache (did, doc, \"updatedAt\") VALUES (?, ?::jsonb, 0)", labeler.did(),
                "{\"id\":\"" + labeler.did() + "\",\"alsoKnownAs\":[],\"verificationMethod\":[{\"id\":\"" + labeler.did()
                        + "#atproto_label\",\"type\":\"Multikey\",\"controller\":\"" + labeler.did()
                        + "\",\"publicKeyMultibase\":\"" + multibase + "\"}],\"service\":[{\"id\":\"#atproto_labeler\","
                        + "\"type\":\"AtprotoLabeler\",\"serviceEndpoint\":\"" + endpoint + "\"}]}");
    }
}
