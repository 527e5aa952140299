package io.multiprocessing4j.cli.bench.scenarios;

import io.multiprocessing4j.Multiprocessing;
import io.multiprocessing4j.MpContext;
import io.multiprocessing4j.cli.bench.BenchContext;
import io.multiprocessing4j.cli.bench.Scenario;
import io.multiprocessing4j.manager.EventProxy;
import io.multiprocessing4j.manager.Manager;
import io.multiprocessing4j.process.ChildProcess;

import java.io.Serializable;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.BiFunction;

/**
 * {@code manager-compute}: two processes each do N atomic {@code merge} increments of one key of a
 * managed dict; the total must be exactly 2N. Reports ops/s (all increments over the slowest
 * process's time). CPython's side does the same with a manager lock around get + set.
 */
public final class ManagerComputeScenario implements Scenario {

    @Override
    public String name() {
        return "manager-compute";
    }

    @Override
    public String description() {
        return "2 processes x N atomic merge increments on one managed dict key; exact total";
    }

    record Job(Map<String, Integer> dict, EventProxy go, List<Long> elapsed, int n) implements Serializable {
    }

    static void increment(Job job) throws Exception {
        BiFunction<Integer, Integer, Integer> sum = (BiFunction<Integer, Integer, Integer> & Serializable) Integer::sum;
        job.go().await();
        long t0 = System.nanoTime();
        for (int i = 0; i < job.n(); i++) {
            job.dict().merge("total", 1, sum);
        }
        job.elapsed().add(System.nanoTime() - t0);
    }

    @Override
    public void run(BenchContext ctx) throws Exception {
        int n = ctx.quick() ? 2_000 : 10_000;
        for (String c : List.of("spawn", "thread")) {
            MpContext mp = Multiprocessing.context(c);
            try (Manager m = mp.manager()) {
                Map<String, Integer> d = m.dict();
                EventProxy go = m.event();
                List<Long> elapsed = m.list();
                List<ChildProcess> ps = new ArrayList<>();
                for (int k = 0; k < 2; k++) {
                    ps.add(mp.process(ManagerComputeScenario::increment, new Job(d, go, elapsed, n)).start());
                }
                go.set();
                for (ChildProcess p : ps) {
                    p.join();
                    if (p.exitCode() != 0) {
                        throw new IllegalStateException("a manager-compute process failed with exit code " + p.exitCode());
                    }
                }
                int total = d.get("total");
                if (total != 2 * n) {
                    throw new IllegalStateException("lost updates: total " + total + ", expected " + 2 * n);
                }
                long slowest = elapsed.stream().mapToLong(Long::longValue).max().orElseThrow();
                ctx.record(name(), "mp4j-" + c, "merge ops/s", 2.0 * n / (slowest / 1e9), "ops/s",
                        Map.of("processes", 2, "increments_per_process", n));
                ctx.record(name(), "mp4j-" + c, "total", total, "count", Map.of("expected", 2 * n));
            }
        }
        for (var rec : ctx.runPython(name(), List.of("--n", Integer.toString(n)))) {
            ctx.record(rec);
        }
    }
}
