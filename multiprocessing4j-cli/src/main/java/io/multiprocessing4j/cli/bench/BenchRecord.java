package io.multiprocessing4j.cli.bench;

import java.util.Map;

/**
 * One measured figure: what {@code mp4j bench --json} writes, one JSON object per record.
 *
 * @param scenario the scenario's name, e.g. {@code spawn}
 * @param variant what ran: {@code mp4j-spawn}, {@code mp4j-thread}, {@code java-sequential},
 *     {@code cpython-fork}, {@code cpython-spawn}, ...
 * @param metric what was measured, in plain words, the same for every variant of a scenario:
 *     {@code cold start+join}, {@code total}, {@code median round trip}, {@code tasks/s}, ...
 * @param value the figure
 * @param unit {@code ms}, {@code us}, {@code s}, {@code tasks/s}, {@code msgs/s}, {@code GB/s}, {@code x}, {@code count}
 * @param params the scenario's parameters (sizes, workers, pinned or not), for the reader and the charts
 */
public record BenchRecord(String scenario, String variant, String metric, double value, String unit,
                          Map<String, Object> params) {
    public BenchRecord {
        params = params == null ? Map.of() : Map.copyOf(params);
    }
}
