package io.multiprocessing4j.cli.bench.scenarios;

import io.multiprocessing4j.MpContext;
import io.multiprocessing4j.Multiprocessing;
import io.multiprocessing4j.cli.bench.BenchContext;
import io.multiprocessing4j.cli.bench.Scenario;
import io.multiprocessing4j.cli.bench.Stats;
import io.multiprocessing4j.cluster.ClusterContext;
import io.multiprocessing4j.pool.Pool;

import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.IntStream;

/**
 * {@code cluster} ({@code mp4j bench --context cluster}): the cluster context on an embedded cluster
 * of two local Ignite nodes beside the spawn context, both with 2-worker pools: {@code perfect},
 * {@code map-tiny} (one item per chunk), {@code map-auto} (automatic chunks), {@code apply-latency}
 * and, for the cluster only, {@code crash-recovery} (the extra time an {@code imap} takes when a
 * node is killed with SIGKILL a tenth of the way through) and {@code cluster-start} (nodes ready
 * and the client joined).
 *
 * <p>On one machine the cluster is expected to be slower than spawn: every call crosses Ignite's
 * network stack, and the two node JVMs share the machine's cores with the program. The JVM that
 * runs it needs Ignite's {@code --add-opens} flags, which {@code ./mp4j} passes.
 */
public final class ClusterScenario implements Scenario {
    private static final int WORKERS = 2;

    @Override
    public String name() {
        return "cluster";
    }

    @Override
    public String description() {
        return "the cluster context on 2 local Ignite nodes beside spawn: perfect, map-tiny, map-auto, apply-latency,"
                + " crash-recovery, cluster-start";
    }

    @Override
    public double estimatedSeconds(boolean quick, int workers) {
        return quick ? 60 : 180;
    }

    static boolean isPerfect(int n) {
        int sum = 1;
        for (int d = 2; d * d <= n; d++) {
            if (n % d == 0) {
                sum += d;
                int e = n / d;
                if (e != d) {
                    sum += e;
                }
            }
        }
        return n > 1 && sum == n;
    }

    @Override
    public void run(BenchContext bench) throws Exception {
        boolean quick = bench.quick();
        int reps = quick ? 2 : 3;
        long t0 = System.nanoTime();
        ClusterContext cluster = ClusterContext.local(2);
        try {
            bench.record("cluster", "cluster", "cluster-start", (System.nanoTime() - t0) / 1e9, "s",
                    Map.of("nodes", 2));
            Map<String, MpContext> contexts = new LinkedHashMap<>();
            contexts.put("spawn", Multiprocessing.context("spawn"));
            contexts.put("cluster", cluster);
            int perfectN = quick ? 3_000 : 30_000;
            int tinyN = quick ? 500 : 2_000;
            int autoN = quick ? 20_000 : 200_000;
            int applies = quick ? 50 : 300;
            for (Map.Entry<String, MpContext> e : contexts.entrySet()) {
                String variant = e.getKey();
                try (Pool pool = e.getValue().pool(WORKERS)) {
                    List<Integer> candidates = IntStream.rangeClosed(1, perfectN).boxed().toList();
                    Stats.Samples perfect = Stats.repeat(reps, () -> pool.map(ClusterScenario::isPerfect, candidates));
                    bench.record("cluster", variant, "perfect", perfect, "s", Map.of("n", perfectN, "workers", WORKERS));
                    List<Integer> tiny = IntStream.range(0, tinyN).boxed().toList();
                    Stats.Samples mapTiny = Stats.repeat(reps, () -> pool.map((Integer x) -> x + 1, tiny, 1));
                    bench.record("cluster", variant, "map-tiny", mapTiny.inverted(tinyN), "items/s",
                            Map.of("items", tinyN, "chunksize", 1));
                    List<Integer> auto = IntStream.range(0, autoN).boxed().toList();
                    Stats.Samples mapAuto = Stats.repeat(reps, () -> pool.map((Integer x) -> x + 1, auto));
                    bench.record("cluster", variant, "map-auto", mapAuto.inverted(autoN), "items/s",
                            Map.of("items", autoN, "chunksize", "auto"));
                    double[] lat = new double[applies];
                    pool.apply(() -> 1); // warm-up
                    for (int i = 0; i < applies; i++) {
                        long a = System.nanoTime();
                        pool.apply(() -> 1);
                        lat[i] = (System.nanoTime() - a) / 1e3;
                    }
                    bench.record("cluster", variant, "apply-latency", new Stats.Samples(lat), "us",
                            Map.of("calls", applies));
                }
            }
            crashRecovery(bench, cluster, quick);
        } finally {
            cluster.close();
        }
    }

    /** The extra time of an imap over sleeping items when a node is killed a tenth of the way through. */
    private static void crashRecovery(BenchContext bench, ClusterContext cluster, boolean quick) throws Exception {
        int n = quick ? 200 : 400;
        List<Integer> xs = IntStream.range(0, n).boxed().toList();
        try (Pool pool = cluster.pool(WORKERS)) {
            double calm = Stats.seconds(() -> drain(pool, xs, null));
            ProcessHandle victim = cluster.localNodes().getFirst();
            double crashed = Stats.seconds(() -> drain(pool, xs, victim));
            bench.record("cluster", "cluster", "crash-recovery", Math.max(0, crashed - calm), "s",
                    Map.of("items", n, "killed", "1 of 2 nodes", "calm_s", Math.round(calm * 1000) / 1000.0));
        }
    }

    private static void drain(Pool pool, List<Integer> xs, ProcessHandle victim) {
        Iterator<Long> it = pool.imap((Integer x) -> {
            Thread.sleep(5);
            return (long) x * x;
        }, xs, 4).iterator();
        List<Long> out = new ArrayList<>(xs.size());
        while (it.hasNext()) {
            out.add(it.next());
            if (victim != null && out.size() == xs.size() / 10) {
                victim.destroyForcibly();
            }
        }
        if (out.size() != xs.size()) {
            throw new IllegalStateException("crash-recovery lost results: " + out.size() + " of " + xs.size());
        }
    }
}
