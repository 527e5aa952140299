package io.multiprocessing4j.internal.ring;

import io.multiprocessing4j.internal.shm.Futex;

import java.io.IOException;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.lang.invoke.VarHandle;
import java.util.function.BooleanSupplier;

/**
 * Waiting for a condition on shared memory: spin briefly, yield, then sleep on a futex word, with
 * the "someone is waiting" flag that lets the other side skip the wake-up syscall when nobody
 * sleeps.
 *
 * <p>Implementation notes. A waiter reads the signal word, sets the waiting flag, re-checks its
 * condition and only then sleeps on the signal word; the other side changes the state, then reads
 * the flag and, if set, clears it, bumps the signal word and wakes. Both sides use volatile
 * (sequentially consistent) accesses, so either the waiter sees the new state or the waker sees
 * the flag: no lost wake-up. Sleeps are sliced (at most {@link #SLICE_NANOS}) so a waiter notices
 * interruption, its own handle closing and a dead peer without anyone waking it. The spin adapts
 * ({@link SpinBudget}): long when the peer answers while we spin, short when it shares our CPU;
 * yielding then lets a peer on the same CPU run.
 */
public final class Waits {
    static final long SLICE_NANOS = 100_000_000L;
    private static final int YIELDS = Integer.getInteger("mp4j.ring.yields", 20);
    private static final VarHandle INT = ValueLayout.JAVA_INT.varHandle();

    /** What a waiter checks between sleeps: throws if waiting has become pointless. */
    @FunctionalInterface
    public interface Guard {
        /**
         * @param thorough {@code true} about every 100 ms of waiting: also check costly things such
         *     as whether a peer process is still alive
         */
        void check(boolean thorough) throws IOException;
    }

    private Waits() {
    }

    /**
     * Waits until {@code ready} holds.
     *
     * @param deadline a {@link System#nanoTime()} deadline, or {@link Long#MAX_VALUE}
     * @return {@code true} when ready, {@code false} on time-out
     */
    public static boolean await(MemorySegment seg, long sigOffset, long waitFlagOffset, BooleanSupplier ready,
                                long deadline, Guard guard) throws IOException, InterruptedException {
        int[] budget = SpinBudget.slot();
        for (int i = 0, n = SpinBudget.spins(budget); i < n; i++) {
            if (ready.getAsBoolean()) {
                SpinBudget.record(budget, true);
                return true;
            }
            Thread.onSpinWait();
        }
        SpinBudget.record(budget, false);
        for (int i = 0; i < YIELDS; i++) {
            if (ready.getAsBoolean()) {
                return true;
            }
            Thread.yield();
        }
        long lastThorough = System.nanoTime();
        while (true) {
            int sig = (int) INT.getVolatile(seg, sigOffset);
            INT.setVolatile(seg, waitFlagOffset, 1);
            if (ready.getAsBoolean()) {
                return true;
            }
            guard.check(false);
            long now = System.nanoTime();
            if (deadline != Long.MAX_VALUE && now - deadline >= 0) {
                return false;
            }
            long slice = deadline == Long.MAX_VALUE ? SLICE_NANOS : Math.min(SLICE_NANOS, deadline - now);
            Futex.awaitAnyThread(seg, sigOffset, sig, slice);
            if (Thread.interrupted()) {
                throw new InterruptedException();
            }
            if (ready.getAsBoolean()) {
                return true;
            }
            now = System.nanoTime();
            if (now - lastThorough >= SLICE_NANOS) {
                lastThorough = now;
                guard.check(true);
            }
        }
    }

    /** Wakes the waiter(s) on {@code sigOffset} if the flag says someone may sleep there. */
    public static void signal(MemorySegment seg, long sigOffset, long waitFlagOffset, boolean all) {
        if ((int) INT.getVolatile(seg, waitFlagOffset) != 0) {
            INT.setVolatile(seg, waitFlagOffset, 0);
            INT.getAndAdd(seg, sigOffset, 1);
            if (all) {
                Futex.wakeAll(seg, sigOffset);
            } else {
                Futex.wake(seg, sigOffset, 1);
            }
        }
    }

    /** Bumps the signal word and wakes everyone, whatever the flag says (used on close). */
    public static void signalAlways(MemorySegment seg, long sigOffset) {
        INT.getAndAdd(seg, sigOffset, 1);
        Futex.wakeAll(seg, sigOffset);
    }

    /** @return a deadline {@code nanos} from now, saturating at {@link Long#MAX_VALUE} meaning "none" */
    public static long deadline(long nanos) {
        if (nanos < 0 || nanos > Long.MAX_VALUE / 4) {
            return Long.MAX_VALUE;
        }
        return System.nanoTime() + nanos;
    }
}
