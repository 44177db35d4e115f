package skybatch.writers.record;

/** A value for a jsonb column, as JSON text. */
public record Json(String text) {}
