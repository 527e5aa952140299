package io.multiprocessing4j.cli.bench;

import java.util.List;
import java.util.Map;

/** What a {@link Scenario} gets from the bench command. */
public interface BenchContext {

    /** @return {@code true} for the short CI version: smaller sizes, fewer repetitions */
    boolean quick();

    /** @return the worker count to use ({@code --workers}, default: CPU count) */
    int workers();

    /** Reports one figure. */
    void record(BenchRecord record);

    /** Shorthand for {@link #record(BenchRecord)}. */
    default void record(String scenario, String variant, String metric, double value, String unit,
                        Map<String, Object> params) {
        record(new BenchRecord(scenario, variant, metric, value, unit, params));
    }

    /**
     * Reports the median of repeated measurements, with the spread ({@code min}, {@code max},
     * {@code reps}) added to the parameters.
     */
    default void record(String scenario, String variant, String metric, Stats.Samples samples, String unit,
                        Map<String, Object> params) {
        Map<String, Object> p = new java.util.LinkedHashMap<>(params);
        p.putAll(samples.spreadParams());
        record(new BenchRecord(scenario, variant, metric, samples.median(), unit, p));
    }

    /** @return whether CPython comparisons are on ({@code --python}, default when {@code python3} is on the PATH) */
    boolean python();

    /**
     * Runs the project's CPython benchmark script for one scenario and returns its records (the
     * script prints one JSON record per line). Returns an empty list when CPython is off.
     *
     * @param scenario the scenario name the script knows
     * @param args extra arguments for the script, e.g. {@code --n 100000}
     */
    List<BenchRecord> runPython(String scenario, List<String> args) throws Exception;

    /** Reports progress of a long step (done of total), drawn as a progress bar on a terminal. */
    default void progress(String label, long done, long total) {
    }
}
