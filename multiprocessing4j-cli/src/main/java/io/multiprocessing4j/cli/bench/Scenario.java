package io.multiprocessing4j.cli.bench;

/**
 * One experiment of {@code mp4j bench}. A scenario measures each of its variants (Java sequential,
 * the thread context, the spawn context, and CPython through {@link BenchContext#runPython}) in one
 * run, so the figures it emits are comparable side by side.
 *
 * <p>Implementations are stateless; {@link #run} may be called once per bench invocation.
 */
public interface Scenario {

    /** @return the name used with {@code --scenario}, e.g. {@code pool-start} */
    String name();

    /** @return one line for {@code --list} */
    String description();

    /**
     * @return whether it runs when {@code mp4j bench} is given no {@code --scenario}: only the
     *     showcase scenarios, so that the default run stays within a few minutes; every scenario
     *     runs with {@code --all}
     */
    default boolean inDefaultRun() {
        return false;
    }

    /**
     * Runs the experiment and reports every figure through {@link BenchContext#record}.
     *
     * @param ctx sizes ({@link BenchContext#quick()}), worker count, the Python runner and the sink
     */
    void run(BenchContext ctx) throws Exception;

    /**
     * @return about how long {@link #run} takes with these sizes on a 2-CPU machine, CPython
     *     included, in seconds: the progress bar's estimate
     */
    default double estimatedSeconds(boolean quick, int workers) {
        return quick ? 3 : 10;
    }
}
