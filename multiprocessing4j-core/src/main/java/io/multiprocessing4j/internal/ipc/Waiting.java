package io.multiprocessing4j.internal.ipc;

import java.io.IOException;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.lang.invoke.VarHandle;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;

/**
 * The one way every shared-memory structure waits (locks, events, semaphores, barriers,
 * conditions, queues, pipes): spin, then yield, then sleep on a futex word (or park where there is
 * no futex) in slices, with one set of settings.
 *
 * <p>Settings (system properties, read once):
 * <ul>
 * <li>{@code mp4j.spin}: spin iterations before yielding; unset (or negative), the budget adapts
 * per thread between {@value #MIN_SPINS} and {@value #MAX_SPINS};</li>
 * <li>{@code mp4j.yields}: {@code Thread.yield()} rounds after the spin, before sleeping (default
 * {@value #DEFAULT_YIELDS});</li>
 * <li>{@code mp4j.waitSliceMs}: the longest single sleep (default 50 ms), hence how often a
 * waiter checks its deadline, interruption, a closed handle and dead processes.</li>
 * </ul>
 *
 * <p>Implementation notes. Spinning pays when the other side runs on another CPU at the same time
 * (a pipe round trip then takes under a microsecond instead of a futex wake-up's several); it is
 * pure loss when both share one CPU (pinned, or an overloaded machine), since the peer cannot run
 * while we spin. So the budget doubles after a wait that ended while spinning and shrinks by an
 * eighth after one that did not, like the JVM's adaptive spinning for monitors. Yielding then lets
 * a peer (or a preempted lock holder) on this CPU run before we pay for a sleep.
 *
 * <p>The flag-based wait ({@link #await}/{@link #signal}) lets the waking side skip the wake-up
 * system call when nobody sleeps: a waiter reads the signal word, sets the waiting flag, re-checks
 * its condition and only then sleeps on the signal word; the waker changes the state, then reads
 * the flag and, if set, clears it, bumps the signal word and wakes. All these accesses are volatile
 * (sequentially consistent), so either the waiter sees the new state or the waker sees the flag: no
 * lost wake-up. Clearing the flag makes a burst of changes cost one system call; sleepers set it
 * again before sleeping again.
 */
public final class Waiting {
    static final int MIN_SPINS = 8;
    static final int MAX_SPINS = 2000;
    static final int INITIAL_SPINS = 200;
    static final int DEFAULT_YIELDS = 20;
    /** A fixed spin budget, or -1 to adapt it per thread. */
    private static final int FIXED_SPINS = Integer.getInteger("mp4j.spin", -1);
    /** Yields to other threads of the CPU after spinning, before sleeping. */
    public static final int YIELDS = Math.max(0, Integer.getInteger("mp4j.yields", DEFAULT_YIELDS));
    /** The longest single sleep: how often waiters look for dead processes, deadlines and interrupts. */
    public static final long SLICE_NANOS = TimeUnit.MILLISECONDS.toNanos(Math.max(1, Long.getLong("mp4j.waitSliceMs", 50)));
    /** A deadline that never comes. */
    public static final long FOREVER = Long.MAX_VALUE;

    private static final ThreadLocal<int[]> BUDGET = ThreadLocal.withInitial(() -> new int[] {INITIAL_SPINS});
    static final VarHandle INT = ValueLayout.JAVA_INT.varHandle();

    /** What a flag-based waiter checks between sleeps: throws if waiting has become pointless. */
    @FunctionalInterface
    public interface Guard {
        /** Checks nothing. */
        Guard NONE = thorough -> { };

        /**
         * @param thorough {@code true} about once a slice of waiting: also check costly things
         *     such as whether a peer process is still alive
         */
        void check(boolean thorough) throws IOException;
    }

    private Waiting() {
    }

    // --- deadlines -------------------------------------------------------------------------------

    /** @return the {@link System#nanoTime()} deadline {@code timeout} from now, {@link #FOREVER} if negative or huge */
    public static long deadline(long timeout, TimeUnit unit) {
        if (timeout < 0) {
            return FOREVER;
        }
        long n = unit.toNanos(timeout);
        long now = System.nanoTime();
        return n >= FOREVER / 4 || n >= FOREVER - now ? FOREVER : now + n;
    }

    /** @return a deadline {@code nanos} from now, {@link #FOREVER} if negative or huge */
    public static long deadline(long nanos) {
        return deadline(nanos, TimeUnit.NANOSECONDS);
    }

    /** @return whether {@code deadline} has passed ({@link #FOREVER} never does) */
    public static boolean passed(long deadline) {
        return deadline != FOREVER && System.nanoTime() - deadline >= 0;
    }

    /** @return nanoseconds left before {@code deadline}, at most one slice; 0 or less when it has passed */
    public static long sliceUntil(long deadline) {
        if (deadline == FOREVER) {
            return SLICE_NANOS;
        }
        return Math.min(deadline - System.nanoTime(), SLICE_NANOS);
    }

    /** @throws InterruptedException if the calling thread is interrupted (clearing the flag) */
    public static void checkInterrupt() throws InterruptedException {
        if (Thread.interrupted()) {
            throw new InterruptedException();
        }
    }

    // --- spin, then yield ------------------------------------------------------------------------

    /**
     * The first two stages: spins (adaptive budget), then yields, until {@code ready} holds.
     *
     * @return whether it came true; if not, the caller goes on to sleep
     */
    public static boolean spinThenYield(BooleanSupplier ready) {
        int[] budget = BUDGET.get();
        int spins = FIXED_SPINS >= 0 ? FIXED_SPINS : budget[0];
        for (int i = 0; i < spins; i++) {
            if (ready.getAsBoolean()) {
                budget[0] = Math.min(MAX_SPINS, budget[0] * 2);
                return true;
            }
            Thread.onSpinWait();
        }
        budget[0] = Math.max(MIN_SPINS, budget[0] - budget[0] / 8);
        for (int i = 0; i < YIELDS; i++) {
            if (ready.getAsBoolean()) {
                return true;
            }
            Thread.yield();
        }
        return ready.getAsBoolean();
    }

    /** Spins, then yields, while the word equals {@code expected}; @return whether it changed */
    public static boolean spinWhile(MemorySegment s, long off, int expected) {
        return spinThenYield(() -> (int) INT.getVolatile(s, off) != expected);
    }

    // --- sleep -----------------------------------------------------------------------------------

    /** Sleeps at most one slice (bounded by the deadline) while the word equals {@code expected}. */
    public static void sleepSlice(MemorySegment s, long off, int expected, long deadline) {
        long slice = sliceUntil(deadline);
        if (slice > 0) {
            Futex.awaitAnyThread(s, off, expected, slice);
        }
    }

    /**
     * Waits until {@code ready} holds: spin, yield, then sleep on the signal word at
     * {@code sigOffset} after setting the waiting flag at {@code flagOffset} (see the class notes).
     *
     * @param deadline a {@link System#nanoTime()} deadline, or {@link #FOREVER}
     * @return {@code true} when ready, {@code false} on time-out
     * @throws InterruptedException if the thread is interrupted while sleeping
     */
    public static boolean await(MemorySegment seg, long sigOffset, long flagOffset, BooleanSupplier ready,
                                long deadline, Guard guard) throws IOException, InterruptedException {
        if (spinThenYield(ready)) {
            return true;
        }
        long lastThorough = System.nanoTime();
        while (true) {
            int sig = (int) INT.getVolatile(seg, sigOffset);
            INT.setVolatile(seg, flagOffset, 1);
            if (ready.getAsBoolean()) {
                return true;
            }
            guard.check(false);
            if (passed(deadline)) {
                return false;
            }
            sleepSlice(seg, sigOffset, sig, deadline);
            checkInterrupt();
            if (ready.getAsBoolean()) {
                return true;
            }
            long now = System.nanoTime();
            if (now - lastThorough >= SLICE_NANOS) {
                lastThorough = now;
                guard.check(true);
            }
        }
    }

    /** Wakes the waiter(s) on {@code sigOffset} if the flag says someone may sleep there. */
    public static void signal(MemorySegment seg, long sigOffset, long flagOffset, boolean all) {
        if ((int) INT.getVolatile(seg, flagOffset) != 0) {
            INT.setVolatile(seg, flagOffset, 0);
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
}
