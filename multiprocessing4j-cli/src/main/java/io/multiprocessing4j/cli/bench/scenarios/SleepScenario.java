package io.multiprocessing4j.cli.bench.scenarios;

import io.multiprocessing4j.MpContext;
import io.multiprocessing4j.cli.bench.BenchContext;
import io.multiprocessing4j.cli.bench.Scenario;
import io.multiprocessing4j.cli.bench.Stats;
import io.multiprocessing4j.pool.Pool;
import io.multiprocessing4j.process.ChildProcess;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * {@code sleep}: ten processes that each sleep 1 s (ideal: 1 s), and {@code Pool(5).map(sleep, [0.1 .. 1.0])}
 * (ideal: about 1.5 s, the sleeps shared out over five workers), pool start included.
 */
public final class SleepScenario implements Scenario {

    @Override
    public String name() {
        return "sleep";
    }

    @Override
    public boolean inDefaultRun() {
        return true;
    }

    @Override
    public String description() {
        return "10 processes x sleep 1 s; Pool(5).map(sleep, i/10 for i in 1..10)";
    }

    @Override
    public void run(BenchContext ctx) throws Exception {
        double unit = ctx.quick() ? 0.2 : 1.0;
        long unitMillis = (long) (unit * 1000);
        for (String c : ShowcasePools.CONTEXTS) {
            MpContext mp = ShowcasePools.context(c);
            double procs = Stats.seconds(() -> {
                List<ChildProcess> ps = new ArrayList<>();
                for (int i = 0; i < 10; i++) {
                    ps.add(mp.process(ms -> Thread.sleep(ms), unitMillis).start());
                }
                for (ChildProcess p : ps) {
                    p.join();
                }
            });
            ctx.record(name(), ShowcasePools.variant(c), "total", procs, "s", Map.of("form", "processes", "sleep_s", unit));
            List<Long> sleeps = new ArrayList<>();
            for (int i = 1; i <= 10; i++) {
                sleeps.add(i * unitMillis / 10);
            }
            double pooled = Stats.seconds(() -> {
                try (Pool pool = mp.pool(5)) {
                    pool.map(SleepScenario::sleepMillis, sleeps);
                }
            });
            ctx.record(name(), ShowcasePools.variant(c), "total", pooled, "s",
                    Map.of("form", "pool-map", "sleep_s", unit, "workers", 5));
        }
        ctx.runPython(name(), List.of()).forEach(ctx::record);
    }

    static Long sleepMillis(Long ms) throws InterruptedException {
        Thread.sleep(ms);
        return ms;
    }
}
