package io.multiprocessing4j.cli.bench.scenarios;

import io.multiprocessing4j.MpContext;
import io.multiprocessing4j.Multiprocessing;
import io.multiprocessing4j.pool.Pool;

import java.util.List;

/**
 * What the showcase scenarios share: the two contexts they run on, pools, and the two ways a
 * spawn-context start is measured.
 *
 * <p><b>cold</b>: no spare worker JVM ({@code spareWorkers(0)}), every start boots a JVM.
 * <b>default</b>: as a user gets it, with the spawn context's default spares
 * ({@value #DEFAULT_SPARES_TEXT}), ready before the measured start as they are once a program runs.
 * <b>warm</b> (where several processes start at once): as many spares as starts, ready.
 */
final class ShowcasePools {

    /** The contexts every pool scenario measures, with the variant name of each. */
    static final List<String> CONTEXTS = List.of("thread", "spawn");

    /** The spawn context's default spare count, as documented in {@code MpContext}. */
    static final int DEFAULT_SPARES = Math.min(2, Multiprocessing.cpuCount());
    static final String DEFAULT_SPARES_TEXT = "min(2, CPUs)";

    /** Parameter naming how a spawn start was measured: {@code cold} or {@code default}. */
    static final String START = "start";

    private ShowcasePools() {
    }

    static String variant(String context) {
        return "mp4j-" + context;
    }

    static MpContext context(String name) {
        return Multiprocessing.context(name);
    }

    static Pool pool(String context, int workers) {
        return context(context).pool(workers);
    }

    /** @return the spawn context with no spare: every start boots a fresh JVM */
    static MpContext cold() {
        return context("spawn").spareWorkers(0);
    }

    /**
     * Waits until no spare JVM is booting: a spare handed off by the variant before is replaced in
     * the background, and its boot on one of two cores would be timed as part of the next figure
     * (a thread start of 0.25 ms showed repetitions of 6 ms).
     */
    static void settle() throws InterruptedException {
        context("spawn").awaitSpares();
    }

    /**
     * @return the spawn context with {@code spares} spares, ready: every one of that many starts is
     *     handed a running JVM ({@code warm} in the tables: what {@code spareWorkers(n)} buys)
     */
    static MpContext warm(int spares) throws InterruptedException {
        MpContext c = context("spawn").spareWorkers(spares);
        c.awaitSpares();
        return c;
    }

    /** @return the spawn context with its default spares, ready */
    static MpContext withDefaultSpares() throws InterruptedException {
        MpContext c = context("spawn").spareWorkers(DEFAULT_SPARES);
        c.awaitSpares();
        return c;
    }
}
