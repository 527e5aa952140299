package io.multiprocessing4j.internal.wire;

import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.lang.invoke.VarHandle;

/**
 * The few bytes of shared memory where a pool worker JVM publishes what it is running: chunk id,
 * item index and start time. The pool reads it to find an overdue item and, after a crash, the item
 * that was running (the mapping outlives the worker).
 *
 * <p>Layout: {@code [0] int32 sequence, [8] int64 chunk id (-1 idle), [16] int32 item, [24] int64
 * start (System.nanoTime, which on Linux is CLOCK_MONOTONIC and so comparable across processes)}.
 * Writes are bracketed by an odd/even sequence number (a seqlock), so a reader never pairs one
 * item's index with another's start time.
 *
 * <p>Implementation notes. The fences follow {@link java.util.concurrent.locks.StampedLock}'s
 * optimistic read. The writer makes the sequence odd, then a store-store fence keeps the data
 * writes from moving above it (else a reader could see new data under the old, even sequence),
 * and publishes the even sequence with release semantics so the data is visible first. The reader
 * reads the sequence with acquire semantics (the data reads cannot move above it), and a load-load
 * fence keeps the data reads from moving below the second sequence read. Opaque accesses alone
 * order nothing between different addresses: a reader could see a torn snapshot and, after a
 * crash, blame the wrong item.
 */
public final class WorkerStatusWord {
    public static final int SIZE = 64;
    private static final VarHandle INT = ValueLayout.JAVA_INT.varHandle();
    private static final VarHandle LONG = ValueLayout.JAVA_LONG.varHandle();

    private final MemorySegment segment;

    public WorkerStatusWord(MemorySegment segment) {
        this.segment = segment;
    }

    /** Worker side: the item about to run. Single writer. */
    public void running(long chunkId, int item, long startNanos) {
        int seq = (int) INT.getOpaque(segment, 0L);
        INT.setOpaque(segment, 0L, seq + 1);
        VarHandle.storeStoreFence();
        LONG.setOpaque(segment, 8L, chunkId);
        INT.setOpaque(segment, 16L, item);
        LONG.setOpaque(segment, 24L, startNanos);
        INT.setRelease(segment, 0L, seq + 2);
    }

    /** Worker side: nothing is running. */
    public void idle() {
        running(-1, -1, 0);
    }

    /** Pool side: a consistent snapshot. */
    public Reading read() {
        for (int spins = 0; spins < 10_000; spins++) {
            int s1 = (int) INT.getAcquire(segment, 0L);
            if ((s1 & 1) != 0) {
                Thread.onSpinWait();
                continue;
            }
            long chunk = (long) LONG.getOpaque(segment, 8L);
            int item = (int) INT.getOpaque(segment, 16L);
            long start = (long) LONG.getOpaque(segment, 24L);
            VarHandle.loadLoadFence();
            int s2 = (int) INT.getOpaque(segment, 0L);
            if (s1 == s2) {
                return s1 == 0 ? Reading.IDLE : new Reading(chunk, item, start);
            }
        }
        return Reading.IDLE; // a writer died mid-update: nothing reliable to report
    }

    /**
     * What the word said: the running chunk (-1 when idle), the item's index within it, and when
     * the item began.
     */
    public record Reading(long chunkId, int item, long startNanos) {
        public static final Reading IDLE = new Reading(-1, -1, 0);
    }
}
