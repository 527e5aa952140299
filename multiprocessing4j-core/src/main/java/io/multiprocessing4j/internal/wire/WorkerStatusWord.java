package io.multiprocessing4j.internal.wire;

import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.lang.invoke.VarHandle;

/**
 * The few bytes of shared memory where a pool worker JVM publishes what it is running: chunk id,
 * item index and start time. The pool reads it to find an overdue item and, after a crash, the item
 * that was running (the mapping outlives the worker).
 *
 * <p>Layout: {@code [0] int32 sequence, [8] int64 chunk id (-1 idle), [16] int64 base (System.nanoTime,
 * which on Linux is CLOCK_MONOTONIC and so comparable across processes), [24] int64 item: the item's
 * index in its high 32 bits and its start, in nanoseconds after the base, in its low 32}. The chunk
 * id and the base change under an odd/even sequence number (a seqlock), so a reader never pairs one
 * chunk's item with another's start; within a chunk each item is one 64-bit store of {@code [24]}.
 *
 * <p>Implementation notes. A worker writes this before every item, so for tiny items its cost is
 * the worker's overhead: a full seqlock update (five accesses to the segment) was a third of the
 * time a pool worker spent on an identity function. Now an item is one release store, and the
 * seqlock runs only when the chunk changes or an item starts more than {@link #MAX_OFFSET_NANOS}
 * after the base (about 2 s: the base moves up then). The fences follow
 * {@link java.util.concurrent.locks.StampedLock}'s optimistic read. The writer makes the sequence
 * odd, then a store-store fence keeps the data writes from moving above it (else a reader could see
 * new data under the old, even sequence), and publishes the even sequence with release semantics
 * so the data is visible first; an item's store is a release too, so a reader that sees it also
 * sees the sequence of the update before it. The reader reads the sequence with acquire
 * semantics, the item word with acquire semantics (the second sequence read cannot move above it),
 * and a load-load fence keeps the other data reads from moving below the second sequence read.
 * Opaque accesses alone order nothing between different addresses: a reader could see a torn
 * snapshot and, after a crash, blame the wrong item.
 */
public final class WorkerStatusWord {
    public static final int SIZE = 64;
    /** How long after the base an item may start and still be written as one store. */
    static final long MAX_OFFSET_NANOS = Integer.MAX_VALUE;
    private static final VarHandle INT = ValueLayout.JAVA_INT.varHandle();
    private static final VarHandle LONG = ValueLayout.JAVA_LONG.varHandle();

    private final MemorySegment segment;
    /** The writer's copies of what the segment holds (one writer: no need to read them back). */
    private int sequence;
    private long chunk = Long.MIN_VALUE;
    private long base;

    public WorkerStatusWord(MemorySegment segment) {
        this.segment = segment;
        this.sequence = (int) INT.getOpaque(segment, 0L);
    }

    /** Worker side: the item about to run. Single writer. */
    public void running(long chunkId, int item, long startNanos) {
        long offset = startNanos - base;
        if (chunkId == chunk && offset >= 0 && offset <= MAX_OFFSET_NANOS) {
            LONG.setRelease(segment, 24L, ((long) item << 32) | offset);
            return;
        }
        INT.setOpaque(segment, 0L, ++sequence);
        VarHandle.storeStoreFence();
        LONG.setOpaque(segment, 8L, chunkId);
        LONG.setOpaque(segment, 16L, startNanos);
        LONG.setOpaque(segment, 24L, (long) item << 32);
        INT.setRelease(segment, 0L, ++sequence);
        chunk = chunkId;
        base = startNanos;
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
            long base = (long) LONG.getOpaque(segment, 16L);
            long word = (long) LONG.getAcquire(segment, 24L);
            VarHandle.loadLoadFence();
            int s2 = (int) INT.getOpaque(segment, 0L);
            if (s1 == s2) {
                return s1 == 0 || chunk == -1 ? Reading.IDLE
                        : new Reading(chunk, (int) (word >> 32), base + (word & 0xFFFF_FFFFL));
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
