package skybatch.readers.crypto;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.math.BigInteger;
import java.util.Arrays;
import java.util.Base64;
import java.util.Map;
import org.bouncycastle.crypto.ec.CustomNamedCurves;
import org.bouncycastle.util.BigIntegers;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import skybatch.readers.cbor.AtprotoJsonReader;
import skybatch.readers.cbor.DagCborEncoder;
import skybatch.readers.cid.Cid;
import skybatch.readers.mst.Commit;
import skybatch.readers.mst.Repository;
import tools.jackson.databind.JsonNode;

/** Commit signatures of real repositories, checked with the keys from their DID documents. */
class CommitSignatureTest {

    @ParameterizedTest(name = "{0}")
    @CsvSource({
        "indigo/testing/testdata/greenground.repo.car, indigo/testing/testdata/greenground.didDoc.json, K256, true",
        "indigo/testing/testdata/divy.repo, indigo/testing/testdata/greenground.didDoc.json, K256, true",
        "indigo/testing/testdata/paul_staging.repo.car, indigo/testing/testdata/paul_staging.didDoc.json, K256, true",
        // INDEX.md: this pair does not verify (no indigo test uses it): a negative case.
        "indigo/testing/testdata/bafyreieovfuizojpw3zresz7sx3nk4trm2by23pt5rxbey3jme4uo5ogiu.car, "
                + "indigo/testing/testdata/did_plc_z5vnbioquyhivxirw3bbljmu.didDoc.json, K256, false",
    })
    void commitsVerifyWithTheirDidDocumentKeys(String car, String didDoc, Curve curve, boolean valid) throws Exception {
        Repository repo = CryptoFixtures.repository(car);
        PublicKey key = DidDocumentKeys.atprotoSigningKey(CryptoFixtures.json(didDoc));

        assertThat(key.curve()).isEqualTo(curve);
        assertThat(CommitVerifier.verify(repo.commit(), key)).isEqualTo(valid);
    }

    /**
     * The 2023 dev-network repo's P-256 commit signature is high-S (WebCrypto did not normalise S then), so atproto's
     * low-S rule rejects it; the same signature with S flipped to n - S verifies, so key and bytes are right.
     */
    @Test
    void highSCommitSignatureIsRejectedThoughOtherwiseValid() throws Exception {
        Commit commit = CryptoFixtures.repository("indigo/testing/testdata/fakermaker.repo.car").commit();
        PublicKey key = DidDocumentKeys.atprotoSigningKey(CryptoFixtures.json("indigo/testing/testdata/fakermaker.didDoc.json"));
        assertThat(key.curve()).isEqualTo(Curve.P256);

        assertThat(CommitVerifier.verify(commit, key)).isFalse();

        byte[] sig = commit.sig();
        BigInteger n = CustomNamedCurves.getByName("secp256r1").getN();
        byte[] lowS = BigIntegers.asUnsignedByteArray(32, n.subtract(new BigInteger(1, Arrays.copyOfRange(sig, 32, 64))));
        System.arraycopy(lowS, 0, sig, 32, 32);
        assertThat(key.verify(commit.unsignedBytes(), sig)).isTrue();
    }

    @Test
    void currentRepositoryVerifiesWithTheKeyFromItsPlcLog() throws Exception {
        Repository repo = CryptoFixtures.repository(
                "indigo/branch-bnewbold-mst-perf/atproto/repo/testdata/bnewbold.robocracy.org.20250310005405.car");
        JsonNode log = CryptoFixtures.json("go-didplc/testdata/log_bnewbold_robocracy.json");
        JsonNode lastOp = log.get(log.size() - 1).get("operation");
        assertThat(lastOp.get("type").stringValue()).isEqualTo("plc_operation");
        PublicKey key = PublicKey.fromDidKey(lastOp.get("verificationMethods").get("atproto").stringValue());

        Commit commit = repo.commit();
        assertThat(CommitVerifier.verify(commit, key)).isTrue();

        Commit tampered = new Commit(commit.did(), commit.version(), commit.data(), commit.rev(), commit.prev(),
                commit.sig(), DagCborEncoder.encode(Map.of("did", commit.did(), "rev", "3ljlyqit2uk2m")));
        assertThat(CommitVerifier.verify(tampered, key)).isFalse();
        PublicKey otherKey = PublicKey.fromDidKey(lastOp.get("rotationKeys").get(0).stringValue());
        assertThat(CommitVerifier.verify(commit, otherKey)).isFalse();
    }

    @Test
    void didDocumentsInBothShapesYieldTheSameKey() {
        PublicKey multikey = DidDocumentKeys.atprotoSigningKey(
                CryptoFixtures.json("indigo/atproto/identity/testdata/did_plc_doc.json"));
        PublicKey legacy = DidDocumentKeys.atprotoSigningKey(
                CryptoFixtures.json("indigo/atproto/identity/testdata/did_plc_doc_legacy.json"));

        assertThat(multikey.toDidKey()).isEqualTo("did:key:zQ3shXjHeiBuRCKmM36cuYnm7YEMzhGnCmCyW92sRJ9pribSF");
        assertThat(legacy).isEqualTo(multikey);
        assertThatThrownBy(() -> DidDocumentKeys.atprotoSigningKey(
                CryptoFixtures.json("indigo/atproto/identity/testdata/did_web_doc.json")))
                .isInstanceOf(InvalidPublicKeyException.class)
                .hasMessageContaining("no #atproto verification method");
    }

    /**
     * PLC operations are signed the same way (low-S ECDSA over their DAG-CBOR without {@code sig}), so real audit
     * logs exercise the JSON reader, the encoder and verification together.
     */
    @ParameterizedTest(name = "{0}")
    @CsvSource({
        "go-didplc/testdata/log_bskyapp.json, true",
        "go-didplc/testdata/log_bnewbold_robocracy.json, true",
        "go-didplc/testdata/log_invalid_sig_k256_high_s.json, false",
        "go-didplc/testdata/log_invalid_sig_p256_high_s.json, false",
    })
    void plcGenesisOperationsAreSignedByTheirOwnRotationKeys(String file, boolean valid) {
        JsonNode entry = CryptoFixtures.json(file).get(0);
        Map<String, Object> op = AtprotoJsonReader.fromJsonNode(entry.get("operation"));
        assertThat(Cid.compute(Cid.DAG_CBOR, DagCborEncoder.encode(op)).toString())
                .isEqualTo(entry.get("cid").stringValue());

        byte[] signature = Base64.getUrlDecoder().decode((String) op.remove("sig"));
        byte[] unsigned = DagCborEncoder.encode(op);
        boolean anyKeyVerifies = entry.get("operation").get("rotationKeys").valueStream()
                .map(k -> PublicKey.fromDidKey(k.stringValue()))
                .anyMatch(k -> k.verify(unsigned, signature));

        assertThat(anyKeyVerifies).isEqualTo(valid);
    }
}
