package io.multiprocessing4j.cli.bench.scenarios;

/** For tests: stops the spare worker JVMs the showcase scenarios may have left in the spawn context. */
public final class NoLeftoverSpares {

    private NoLeftoverSpares() {
    }

    public static void stop() {
        ShowcasePools.cold();
    }
}
