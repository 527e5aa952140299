package io.multiprocessing4j.cli.bench.scenarios;

import io.multiprocessing4j.MpContext;
import io.multiprocessing4j.Multiprocessing;
import io.multiprocessing4j.pool.Pool;

import java.util.List;

/** What the pool-based showcase scenarios (perfect, sqrt, batching, sleep) share: the two contexts they run on, and pools. */
final class ShowcasePools {

    /** The contexts every pool scenario measures, with the variant name of each. */
    static final List<String> CONTEXTS = List.of("thread", "spawn");

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
}
