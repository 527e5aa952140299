package io.multiprocessing4j.examples;

import io.multiprocessing4j.MpContext;
import io.multiprocessing4j.Multiprocessing;
import io.multiprocessing4j.process.ChildProcess;
import io.multiprocessing4j.shared.SharedDoubleArray;
import io.multiprocessing4j.shared.SharedMemory;

import java.io.PrintStream;
import java.io.Serializable;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.util.ArrayList;
import java.util.List;

/**
 * Summing a large array through shared memory: the parent fills a segment once, two processes
 * attach to it by name and each sums its half, with no copy of the data.
 *
 * <pre>
 * shm = SharedMemory(create=True, size=n * 8); a = np.ndarray((n,), buffer=shm.buf); a[:] = ...
 * Process(target=sum_half, args=(shm.name, 0, n // 2, results)) ...
 * </pre>
 *
 * Argument: element count (default 10 000 000).
 */
public final class SharedMemorySum {

    /** One worker's job: the segment, its range and where to put the partial sum. */
    record Job(SharedMemory shm, long from, long count, SharedDoubleArray partials, int slot) implements Serializable {
    }

    private SharedMemorySum() {
    }

    public static void main(String[] args) throws Exception {
        run(System.out, args);
    }

    /** Runs the example, printing to {@code out}. */
    public static void run(PrintStream out, String... args) throws Exception {
        long n = args.length > 0 ? Long.parseLong(args[0]) : 10_000_000L;
        MpContext ctx = Multiprocessing.context();
        SharedMemory shm = ctx.sharedMemory(n * 8);
        try (SharedDoubleArray partials = ctx.sharedDoubleArray(2)) {
            MemorySegment s = shm.segment();
            for (long i = 0; i < n; i++) {
                s.setAtIndex(ValueLayout.JAVA_DOUBLE, i, i);
            }
            List<ChildProcess> ps = new ArrayList<>();
            long half = n / 2;
            ps.add(ctx.process(SharedMemorySum::sumRange, new Job(shm, 0, half, partials, 0)).start());
            ps.add(ctx.process(SharedMemorySum::sumRange, new Job(shm, half, n - half, partials, 1)).start());
            for (ChildProcess p : ps) {
                p.join();
            }
            double total = partials.get(0) + partials.get(1);
            double expected = (double) n * (n - 1) / 2;
            out.println("sum of " + n + " doubles in 2 processes: " + (long) total
                    + (total == expected ? " (correct)" : " (expected " + (long) expected + ")"));
        } finally {
            shm.close();
            shm.unlink();
        }
    }

    static void sumRange(Job job) {
        MemorySegment s = job.shm().segment();
        double sum = 0;
        for (long i = job.from(); i < job.from() + job.count(); i++) {
            sum += s.getAtIndex(ValueLayout.JAVA_DOUBLE, i);
        }
        job.partials().set(job.slot(), sum);
    }
}
