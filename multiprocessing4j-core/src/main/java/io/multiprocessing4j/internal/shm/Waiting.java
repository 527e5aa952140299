package io.multiprocessing4j.internal.shm;

import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.lang.invoke.VarHandle;
import java.util.concurrent.TimeUnit;

/**
 * How every primitive waits for a 32-bit word to change: a bounded spin, then futex sleeps in
 * slices, so that callers can check deadlines, interrupts and dead processes between slices.
 *
 * <p>Implementation notes. On two cores a long spin steals the CPU the other process needs to
 * make progress, so the spin is short ({@code -Dmp4j.spin}, default {@value #DEFAULT_SPIN}
 * iterations); the futex sleep is the normal path when a wait is longer than a few microseconds.
 */
public final class Waiting {
    static final int DEFAULT_SPIN = 400;
    /** Spin iterations before sleeping. */
    public static final int SPIN = Integer.getInteger("mp4j.spin", DEFAULT_SPIN);
    /** Yields to other threads of the CPU after spinning, before sleeping ({@code -Dmp4j.yields}). */
    public static final int YIELDS = Integer.getInteger("mp4j.yields", 0);
    /** The longest single sleep: how often waiters look for dead processes, deadlines and interrupts. */
    public static final long SLICE_NANOS = TimeUnit.MILLISECONDS.toNanos(Long.getLong("mp4j.waitSliceMs", 50));
    /** A deadline that never comes. */
    public static final long FOREVER = Long.MAX_VALUE;

    static final VarHandle INT = ValueLayout.JAVA_INT.varHandle();

    private Waiting() {
    }

    /** @return the {@link System#nanoTime()} deadline {@code timeout} from now, {@link #FOREVER} if negative or huge */
    public static long deadline(long timeout, TimeUnit unit) {
        if (timeout < 0) {
            return FOREVER;
        }
        long n = unit.toNanos(timeout);
        long now = System.nanoTime();
        return n >= FOREVER - now ? FOREVER : now + n;
    }

    /** @return nanoseconds left before {@code deadline}, at most one slice; 0 or less when it has passed */
    public static long sliceUntil(long deadline) {
        if (deadline == FOREVER) {
            return SLICE_NANOS;
        }
        return Math.min(deadline - System.nanoTime(), SLICE_NANOS);
    }

    /** Spins briefly while the word equals {@code expected}; @return whether it changed */
    public static boolean spinWhile(MemorySegment s, long off, int expected) {
        for (int i = 0; i < SPIN; i++) {
            if ((int) INT.getVolatile(s, off) != expected) {
                return true;
            }
            Thread.onSpinWait();
        }
        return (int) INT.getVolatile(s, off) != expected;
    }

    /** Sleeps at most one slice (bounded by the deadline) while the word equals {@code expected}. */
    public static void sleepSlice(MemorySegment s, long off, int expected, long deadline) {
        long slice = sliceUntil(deadline);
        if (slice > 0) {
            Futex.awaitAnyThread(s, off, expected, slice);
        }
    }

    /** @throws InterruptedException if the calling thread is interrupted (clearing the flag) */
    public static void checkInterrupt() throws InterruptedException {
        if (Thread.interrupted()) {
            throw new InterruptedException();
        }
    }
}
