package io.multiprocessing4j.cli.bench.scenarios;

import io.multiprocessing4j.Multiprocessing;
import io.multiprocessing4j.MpContext;
import io.multiprocessing4j.cli.bench.BenchContext;
import io.multiprocessing4j.cli.bench.Scenario;
import io.multiprocessing4j.process.ChildProcess;
import io.multiprocessing4j.shared.SharedInt;
import io.multiprocessing4j.sync.ProcessBarrier;

import java.io.Serializable;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * {@code counter-lock}: 4 processes each add 1 to one shared int 100 000 times, three ways: under
 * its lock (Python's {@code with v.get_lock(): v.value += 1}), with {@code incrementAndGet} (no
 * lock; Python has no equivalent), and with plain {@code get}/{@code set} (which loses updates, as
 * Python's unlocked {@code v.value += 1} does). Timed from a barrier release to the last worker's
 * last increment, so JVM start and exit are not counted; the workers first run the same loop on
 * another shared value, so the timed round runs compiled code. Reports each way's time and final value.
 */
public final class CounterLockScenario implements Scenario {

    enum Way { LOCK, ATOMIC, UNLOCKED }

    record Job(SharedInt value, SharedInt warm, ProcessBarrier start, ProcessBarrier end, int times, Way way) implements Serializable {
    }

    @Override
    public String name() {
        return "counter-lock";
    }

    @Override
    public String description() {
        return "4 processes x 100,000 increments of one shared int: under its lock, with incrementAndGet, and unlocked";
    }

    @Override
    public void run(BenchContext ctx) throws Exception {
        int processes = 4;
        int times = ctx.quick() ? 20_000 : 100_000;
        int reps = ctx.quick() ? 2 : 5;
        Map<String, Object> params = ShmBenchSupport.params("processes", processes, "increments_per_process", times,
                "expected", processes * times, "reps", reps, "timed", "barrier release -> last increment done");
        for (String c : List.of("spawn", "thread")) {
            MpContext mp = Multiprocessing.context(c);
            for (Way way : Way.values()) {
                double[] secs = new double[reps];
                long last = 0;
                for (int r = 0; r < reps; r++) {
                    ctx.progress(name() + " " + c + " " + way, (long) way.ordinal() * reps + r, 3L * reps);
                    try (SharedInt v = mp.sharedInt(0); SharedInt warm = mp.sharedInt(0); ProcessBarrier start = mp.barrier(processes + 1);
                         ProcessBarrier end = mp.barrier(processes + 1)) {
                        List<ChildProcess> ps = new ArrayList<>();
                        for (int i = 0; i < processes; i++) {
                            ps.add(mp.process(CounterLockScenario::work, new Job(v, warm, start, end, times, way)).start());
                        }
                        start.await();
                        long t0 = System.nanoTime();
                        end.await();
                        secs[r] = (System.nanoTime() - t0) / 1e9;
                        ShmBenchSupport.joinAll(ps);
                        last = v.get();
                    }
                }
                String metric = switch (way) {
                    case LOCK -> "lock";
                    case ATOMIC -> "atomic";
                    case UNLOCKED -> "unlocked";
                };
                ctx.record(name(), "mp4j-" + c, metric + " time", ShmBenchSupport.median(secs), "s", params);
                ctx.record(name(), "mp4j-" + c, metric + " final value", last, "count", params);
            }
        }
        ShmBenchSupport.python(ctx, name(), List.of("--processes", "" + processes, "--n", "" + times,
                "--reps", "" + reps));
    }

    static void work(Job j) throws Exception {
        // warm up, contending on another value as in the timed round, so the timed loop runs compiled
        // code (fast and slow paths) in these fresh JVMs
        loop(j.warm(), j.way(), 200_000);
        j.start().await();
        loop(j.value(), j.way(), j.times());
        j.end().await();
    }

    private static void loop(SharedInt v, Way way, int times) {
        switch (way) {
            case LOCK -> {
                var lock = v.getLock();
                for (int k = 0; k < times; k++) {
                    lock.lock();
                    try {
                        v.set(v.get() + 1);
                    } finally {
                        lock.unlock();
                    }
                }
            }
            case ATOMIC -> {
                for (int k = 0; k < times; k++) {
                    v.incrementAndGet();
                }
            }
            case UNLOCKED -> {
                for (int k = 0; k < times; k++) {
                    v.set(v.get() + 1);
                }
            }
        }
    }
}
