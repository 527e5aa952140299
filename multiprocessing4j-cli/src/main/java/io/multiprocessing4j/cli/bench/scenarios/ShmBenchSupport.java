package io.multiprocessing4j.cli.bench.scenarios;

import io.multiprocessing4j.cli.bench.BenchContext;
import io.multiprocessing4j.cli.bench.BenchRecord;
import io.multiprocessing4j.process.ChildProcess;

import java.util.Arrays;
import java.util.List;
import java.util.Map;

/** What the shared-memory and synchronisation scenarios share: medians, joins and the CPython side. */
final class ShmBenchSupport {
    private ShmBenchSupport() {
    }

    static double median(double[] xs) {
        double[] s = xs.clone();
        Arrays.sort(s);
        int n = s.length;
        return n % 2 == 1 ? s[n / 2] : (s[n / 2 - 1] + s[n / 2]) / 2;
    }

    static void joinAll(List<ChildProcess> ps) throws InterruptedException {
        for (ChildProcess p : ps) {
            p.join();
        }
        for (ChildProcess p : ps) {
            if (p.exitCode() != 0) {
                throw new IllegalStateException("benchmark worker " + p.name() + " (pid " + p.pid() + ") exited with "
                        + p.exitCode());
            }
        }
    }

    /** Runs the CPython side of {@code scenario} and forwards its records, if CPython comparisons are on. */
    static void python(BenchContext ctx, String scenario, List<String> args) throws Exception {
        if (!ctx.python()) {
            return;
        }
        for (BenchRecord r : ctx.runPython(scenario, args)) {
            ctx.record(r);
        }
    }

    static Map<String, Object> params(Object... kv) {
        java.util.LinkedHashMap<String, Object> m = new java.util.LinkedHashMap<>();
        for (int i = 0; i < kv.length; i += 2) {
            m.put((String) kv[i], kv[i + 1]);
        }
        return m;
    }
}
