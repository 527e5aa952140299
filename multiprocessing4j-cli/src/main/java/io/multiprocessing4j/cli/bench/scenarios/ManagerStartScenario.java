package io.multiprocessing4j.cli.bench.scenarios;

import io.multiprocessing4j.Multiprocessing;
import io.multiprocessing4j.MpContext;
import io.multiprocessing4j.cli.bench.BenchContext;
import io.multiprocessing4j.cli.bench.Scenario;
import io.multiprocessing4j.manager.Manager;

import java.util.Arrays;
import java.util.List;
import java.util.Map;

/**
 * {@code manager-start}: from "create a manager" to the first dict write acknowledged by it, with a
 * warm spare worker ready in the spawn context. Median of several runs per variant.
 */
public final class ManagerStartScenario implements Scenario {

    @Override
    public String name() {
        return "manager-start";
    }

    @Override
    public String description() {
        return "manager created -> first dict write acknowledged (warm spare in spawn)";
    }

    @Override
    public void run(BenchContext ctx) throws Exception {
        int reps = ctx.quick() ? 3 : 10;
        for (String c : List.of("spawn", "thread")) {
            MpContext mp = Multiprocessing.context(c);
            mp.spareWorkers(1);
            double[] ms = new double[reps];
            for (int r = 0; r < reps; r++) {
                mp.awaitSpares();
                long t0 = System.nanoTime();
                try (Manager m = mp.manager()) {
                    Map<String, Integer> d = m.dict();
                    d.put("first", 1);
                    ms[r] = (System.nanoTime() - t0) / 1e6;
                }
                ctx.progress(name() + " " + c, r + 1, reps);
            }
            ctx.record(name(), "mp4j-" + c, "start to first write", median(ms), "ms",
                    Map.of("reps", reps, "spare", c.equals("spawn")));
        }
        for (var rec : ctx.runPython(name(), List.of("--reps", Integer.toString(reps)))) {
            ctx.record(rec);
        }
    }

    static double median(double[] xs) {
        double[] s = xs.clone();
        Arrays.sort(s);
        return s.length % 2 == 1 ? s[s.length / 2] : (s[s.length / 2 - 1] + s[s.length / 2]) / 2;
    }
}
