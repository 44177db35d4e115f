/**
 * The atproto data model and its encodings. Values are plain Java objects: {@code Map<String, Object>},
 * {@code List<Object>}, {@code String}, {@code Long} or {@code BigInteger}, {@code byte[]}, {@code Boolean},
 * {@code null} and {@link skybatch.readers.cid.Cid} links.
 *
 * <ul>
 *   <li>{@link skybatch.readers.cbor.DagCborDecoder} / {@link skybatch.readers.cbor.DagCborEncoder}: canonical
 *       DAG-CBOR bytes, strictly checked on the way in ({@link skybatch.readers.cbor.DagCborException} names the
 *       byte offset).
 *   <li>{@link skybatch.readers.cbor.AtprotoJsonWriter} / {@link skybatch.readers.cbor.AtprotoJsonReader}: the JSON
 *       form with {@code $link} and {@code $bytes}, as stored in JSON columns.
 * </ul>
 */
package skybatch.readers.cbor;
