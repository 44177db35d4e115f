/**
 * AT Protocol identifiers and values as small types that validate when parsed: {@link skybatch.readers.syntax.Did},
 * {@link skybatch.readers.syntax.Handle}, {@link skybatch.readers.syntax.Nsid}, {@link skybatch.readers.syntax.AtUri},
 * {@link skybatch.readers.syntax.Datetime}. Each has a {@code parse} that throws {@link
 * skybatch.readers.syntax.InvalidSyntaxException} and a {@code tryParse} that returns empty, so callers choose
 * between failing loudly and skipping quietly.
 */
package skybatch.readers.syntax;
