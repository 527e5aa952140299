package io.multiprocessing4j.cli.bench.scenarios;

import io.multiprocessing4j.Multiprocessing;
import io.multiprocessing4j.MpContext;
import io.multiprocessing4j.cli.bench.BenchContext;
import io.multiprocessing4j.cli.bench.Scenario;
import io.multiprocessing4j.process.ChildProcess;
import io.multiprocessing4j.shared.SharedDouble;
import io.multiprocessing4j.shared.SharedMemory;
import io.multiprocessing4j.sync.ProcessBarrier;

import java.io.Serializable;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * {@code shm-sum}: 100 M doubles in one {@code SharedMemory} block; one process sums all of them
 * (the memory-bandwidth bound, {@code java-sequential}) and 2 processes each sum half. The
 * workers map and touch their half once before the timed round (as numpy's already-mapped array),
 * which is then timed from a barrier release to the second partial sum.
 */
public final class ShmSumScenario implements Scenario {

    record Job(SharedMemory shm, long from, long count, SharedDouble result, ProcessBarrier start,
               ProcessBarrier end, int reps) implements Serializable {
    }

    @Override
    public String name() {
        return "shm-sum";
    }

    @Override
    public String description() {
        return "sum 100 M doubles in shared memory: 1 process (bandwidth bound) vs 2 processes";
    }

    @Override
    public void run(BenchContext ctx) throws Exception {
        long n = ctx.quick() ? 10_000_000L : 100_000_000L;
        int reps = ctx.quick() ? 3 : 5;
        int workers = 2;
        Map<String, Object> params = ShmBenchSupport.params("elements", n, "bytes", n * 8, "workers", workers,
                "reps", reps, "timed", "barrier release -> last partial sum");
        SharedMemory shm = SharedMemory.create(n * 8);
        try {
            MemorySegment s = shm.segment();
            for (long i = 0; i < n; i++) {
                s.setAtIndex(ValueLayout.JAVA_DOUBLE, i, i);
            }
            double expected = (double) n * (n - 1) / 2;
            double[] seq = new double[reps];
            for (int r = 0; r < reps + 1; r++) {
                long t0 = System.nanoTime();
                double sum = sum(s, 0, n);
                long ns = System.nanoTime() - t0;
                check(sum, expected);
                if (r > 0) {
                    seq[r - 1] = ns / 1e6;
                }
            }
            double bound = ShmBenchSupport.median(seq);
            ctx.record(name(), "java-sequential", "sum time", bound, "ms", params);
            for (String c : List.of("spawn", "thread")) {
                MpContext mp = Multiprocessing.context(c);
                double[] ms = new double[reps];
                try (SharedDouble result = mp.rawSharedDouble(0); ProcessBarrier start = mp.barrier(workers + 1);
                     ProcessBarrier end = mp.barrier(workers + 1)) {
                    List<ChildProcess> ps = new ArrayList<>();
                    long per = n / workers;
                    for (int w = 0; w < workers; w++) {
                        long from = w * per;
                        long count = w == workers - 1 ? n - from : per;
                        ps.add(mp.process(ShmSumScenario::partial,
                                new Job(shm, from, count, result, start, end, reps)).start());
                    }
                    for (int r = 0; r < reps; r++) {
                        result.set(0);
                        start.await();
                        long t0 = System.nanoTime();
                        end.await();
                        ms[r] = (System.nanoTime() - t0) / 1e6;
                        check(result.get(), expected);
                        ctx.progress(name() + " " + c, r + 1, reps);
                    }
                    ShmBenchSupport.joinAll(ps);
                }
                double med = ShmBenchSupport.median(ms);
                ctx.record(name(), "mp4j-" + c, "sum time", med, "ms", params);
                ctx.record(name(), "mp4j-" + c, "ratio to bandwidth bound", med / bound, "x", params);
            }
        } finally {
            shm.close();
            shm.unlink();
        }
        ShmBenchSupport.python(ctx, name(), List.of("--n", "" + n, "--reps", "" + reps));
    }

    private static void check(double sum, double expected) {
        if (Math.abs(sum - expected) > expected * 1e-9) {
            throw new IllegalStateException("wrong sum " + sum + ", expected " + expected);
        }
    }

    static void partial(Job j) throws Exception {
        MemorySegment s = j.shm().segment();
        for (int w = 0; w < 3; w++) {
            sum(s, j.from(), j.count()); // map and touch the pages, and compile the loop, untimed
        }
        for (int r = 0; r < j.reps(); r++) {
            j.start().await();
            j.result().addAndGet(sum(s, j.from(), j.count()));
            j.end().await();
        }
    }

    /** Sums doubles {@code [from, from + count)} with eight accumulators, so the loop is bound by memory, not by add latency. */
    static double sum(MemorySegment s, long from, long count) {
        double a0 = 0, a1 = 0, a2 = 0, a3 = 0, a4 = 0, a5 = 0, a6 = 0, a7 = 0;
        MemorySegment part = s.asSlice(from * 8, count * 8);
        long n = count;
        long i = 0;
        for (; i + 7 < n; i += 8) {
            a0 += part.getAtIndex(ValueLayout.JAVA_DOUBLE, i);
            a1 += part.getAtIndex(ValueLayout.JAVA_DOUBLE, i + 1);
            a2 += part.getAtIndex(ValueLayout.JAVA_DOUBLE, i + 2);
            a3 += part.getAtIndex(ValueLayout.JAVA_DOUBLE, i + 3);
            a4 += part.getAtIndex(ValueLayout.JAVA_DOUBLE, i + 4);
            a5 += part.getAtIndex(ValueLayout.JAVA_DOUBLE, i + 5);
            a6 += part.getAtIndex(ValueLayout.JAVA_DOUBLE, i + 6);
            a7 += part.getAtIndex(ValueLayout.JAVA_DOUBLE, i + 7);
        }
        for (; i < n; i++) {
            a0 += part.getAtIndex(ValueLayout.JAVA_DOUBLE, i);
        }
        return ((a0 + a1) + (a2 + a3)) + ((a4 + a5) + (a6 + a7));
    }
}
