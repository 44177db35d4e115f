package skybatch.jobs.dashboard.internal;

import java.util.List;
import tools.jackson.databind.json.JsonMapper;

/**
 * A time chart as dashboard.js draws it with uPlot: x in epoch seconds (with fractions), and series of the same length (null where a
 * series has no value at that x). Pages carry it as JSON in a {@code data-chart} attribute, escaped like any
 * attribute, so no data ever lands in a script.
 */
public record Chart(String title, List<Double> x, List<Series> series) {

    private static final JsonMapper JSON = JsonMapper.builder().build();

    /**
     * @param scale the y axis it is drawn on: series with different units get different axes
     */
    public record Series(String label, String scale, List<Double> values) {}

    public String json() {
        return JSON.writeValueAsString(this);
    }
}
