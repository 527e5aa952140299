package io.multiprocessing4j.cli.bench.scenarios;

import io.multiprocessing4j.Multiprocessing;
import io.multiprocessing4j.MpContext;
import io.multiprocessing4j.cli.bench.BenchContext;
import io.multiprocessing4j.cli.bench.Scenario;
import io.multiprocessing4j.manager.EventProxy;
import io.multiprocessing4j.manager.Manager;
import io.multiprocessing4j.manager.SemaphoreProxy;
import io.multiprocessing4j.process.ChildProcess;

import java.io.Serializable;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * {@code manager-dict}: {@code put}/{@code get} round trips on a managed dict, from the main process
 * (one client) and from two client processes at once (aggregate: all operations over the slowest
 * client's time). Integer keys and values, as in CPython's figures.
 */
public final class ManagerDictScenario implements Scenario {

    @Override
    public String name() {
        return "manager-dict";
    }

    @Override
    public String description() {
        return "managed dict put/get round trips: one client, and two client processes at once";
    }

    /** What each client process gets: the dict, the start signal, where to report its time, how many ops. */
    record Job(Map<Integer, Integer> dict, SemaphoreProxy warm, EventProxy go, List<Long> elapsed, int ops, int base)
            implements Serializable {
    }

    static void client(Job job) throws Exception {
        for (int i = 0; i < 2 * job.ops(); i++) { // a fresh JVM: let the JIT compile the client side first
            job.dict().put(job.base() + i % job.ops(), i);
            job.dict().get(job.base() + i % job.ops());
        }
        job.warm().release();
        job.go().await();
        long t0 = System.nanoTime();
        for (int i = 0; i < job.ops(); i++) {
            job.dict().put(job.base() + i, i);
        }
        for (int i = 0; i < job.ops(); i++) {
            job.dict().get(job.base() + i);
        }
        job.elapsed().add(System.nanoTime() - t0);
    }

    @Override
    public void run(BenchContext ctx) throws Exception {
        int ops = ctx.quick() ? 5_000 : 20_000;
        int reps = ctx.quick() ? 1 : 5;
        for (String c : List.of("spawn", "thread")) {
            MpContext mp = Multiprocessing.context(c);
            double[] set = new double[reps];
            double[] get = new double[reps];
            double[] two = new double[reps];
            try (Manager m = mp.manager()) {
                // one client first, with no worker JVM starting in the background
                Map<Integer, Integer> d = m.dict();
                for (int i = 0; i < 2 * ops; i++) {
                    d.put(i % ops, i); // warm-up: the JIT compiles both sides
                    d.get(i % ops);
                }
                for (int r = 0; r < reps; r++) {
                    long t0 = System.nanoTime();
                    for (int i = 0; i < ops; i++) {
                        d.put(i, i);
                    }
                    long t1 = System.nanoTime();
                    for (int i = 0; i < ops; i++) {
                        d.get(i);
                    }
                    long t2 = System.nanoTime();
                    set[r] = ops / ((t1 - t0) / 1e9);
                    get[r] = ops / ((t2 - t1) / 1e9);
                }
                for (int r = 0; r < reps; r++) {
                    mp.awaitSpares();
                    EventProxy go = m.event();
                    SemaphoreProxy warm = m.semaphore(0);
                    List<Long> elapsed = m.list();
                    List<ChildProcess> ps = new ArrayList<>();
                    for (int k = 0; k < 2; k++) {
                        ps.add(mp.process(ManagerDictScenario::client, new Job(d, warm, go, elapsed, ops, k * ops)).start());
                    }
                    warm.acquire();
                    warm.acquire();
                    go.set();
                    for (ChildProcess p : ps) {
                        p.join();
                        if (p.exitCode() != 0) {
                            throw new IllegalStateException("a manager-dict client failed with exit code " + p.exitCode());
                        }
                    }
                    long slowest = elapsed.stream().mapToLong(Long::longValue).max().orElseThrow();
                    two[r] = 2.0 * 2 * ops / (slowest / 1e9);
                    ctx.progress(name() + " " + c, r + 1, reps);
                }
            }
            String v = "mp4j-" + c;
            ctx.record(name(), v, "set ops/s, one client", ManagerStartScenario.median(set), "ops/s", Map.of("ops", ops));
            ctx.record(name(), v, "get ops/s, one client", ManagerStartScenario.median(get), "ops/s", Map.of("ops", ops));
            ctx.record(name(), v, "ops/s, two client processes", ManagerStartScenario.median(two), "ops/s",
                    Map.of("ops_per_client", 2 * ops, "clients", 2));
        }
        for (var rec : ctx.runPython(name(), List.of("--ops", Integer.toString(ops)))) {
            ctx.record(rec);
        }
    }
}
