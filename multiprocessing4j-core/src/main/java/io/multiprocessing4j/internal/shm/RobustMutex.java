package io.multiprocessing4j.internal.shm;

import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.lang.invoke.VarHandle;

/**
 * A cross-process mutex in {@value #BYTES} bytes of shared memory that survives the death of its
 * holder: the algorithm under {@code ProcessLock}, {@code ProcessRLock} and the locks of shared values.
 *
 * <pre>
 * +0  int   word: 0 free, else the holder's pid, | {@link #WAITERS} when someone may sleep on it
 * +4  int   owner-death policy: 0 report through the flag, 1 throw
 * +8  long  holder's thread id (0 while free or being handed over)
 * +16 int   hold count (re-entrant use)
 * +20 int   1 when the current hold was taken over from a dead holder
 * </pre>
 *
 * <p>Implementation notes. The word is a futex with the classic three states (free, held, held
 * with waiters) except that "held" is the holder's pid, so a waiter can tell who holds it even if
 * the holder died a nanosecond after taking it. Linux pids stay below 2^22, well clear of the
 * waiters bit. The fast path is one CAS; then a short spin; then sleeps in slices, and after each
 * full slice on an unchanged word the waiter checks whether the holder is alive and, if not,
 * takes the lock over with a CAS on the word it saw (so only one waiter wins). Within one process
 * (the thread context) the holder's pid is always alive: a dead thread's lock is not recovered.
 */
public final class RobustMutex {
    public static final long BYTES = 32;
    public static final int WAITERS = 1 << 30;
    public static final int PID_MASK = WAITERS - 1;
    public static final int POLICY_FLAG = 0;
    public static final int POLICY_THROW = 1;

    private static final long POLICY = 4;
    private static final long THREAD = 8;
    private static final long COUNT = 16;
    private static final long DIED = 20;
    private static final VarHandle INT = ValueLayout.JAVA_INT.varHandle();
    private static final VarHandle LONG = ValueLayout.JAVA_LONG.varHandle();
    private static final int ME = (int) Pids.SELF;

    /** What an acquisition attempt came to. */
    public enum Outcome { ACQUIRED, ACQUIRED_OWNER_DIED, TIMED_OUT }

    private RobustMutex() {
    }

    /**
     * Takes the mutex at {@code off}, waiting until {@code deadline} ({@link Waiting#FOREVER} for no limit).
     *
     * @throws InterruptedException only when {@code interruptible} and the thread is interrupted while waiting
     */
    public static Outcome acquire(MemorySegment s, long off, long deadline, boolean interruptible)
            throws InterruptedException {
        if (INT.compareAndSet(s, off, 0, ME)) {
            return taken(s, off, false);
        }
        for (int i = 0; i < Waiting.SPIN; i++) {
            Thread.onSpinWait();
            if ((int) INT.getVolatile(s, off) == 0 && INT.compareAndSet(s, off, 0, ME)) {
                return taken(s, off, false);
            }
        }
        int mine = ME | WAITERS;
        long nextOwnerCheck = System.nanoTime() + Waiting.SLICE_NANOS;
        while (true) {
            int v = (int) INT.getVolatile(s, off);
            if (v == 0) {
                if (INT.compareAndSet(s, off, 0, mine)) {
                    return taken(s, off, false);
                }
                continue;
            }
            if ((v & WAITERS) == 0) {
                if (!INT.compareAndSet(s, off, v, v | WAITERS)) {
                    continue;
                }
                v |= WAITERS;
            }
            if (interruptible) {
                Waiting.checkInterrupt();
            }
            if (deadline != Waiting.FOREVER && System.nanoTime() - deadline >= 0) {
                return Outcome.TIMED_OUT;
            }
            Waiting.sleepSlice(s, off, v, deadline);
            if (System.nanoTime() - nextOwnerCheck >= 0) {
                nextOwnerCheck = System.nanoTime() + Waiting.SLICE_NANOS;
                if ((int) INT.getVolatile(s, off) == v && !Pids.isAlive(v & PID_MASK)
                        && INT.compareAndSet(s, off, v, mine)) {
                    return taken(s, off, true);
                }
            }
        }
    }

    /** One attempt, no waiting. */
    public static boolean tryAcquire(MemorySegment s, long off) {
        if (INT.compareAndSet(s, off, 0, ME)) {
            taken(s, off, false);
            return true;
        }
        return false;
    }

    private static Outcome taken(MemorySegment s, long off, boolean ownerDied) {
        LONG.setVolatile(s, off + THREAD, Thread.currentThread().threadId());
        INT.setVolatile(s, off + COUNT, 1);
        INT.setVolatile(s, off + DIED, ownerDied ? 1 : 0);
        return ownerDied ? Outcome.ACQUIRED_OWNER_DIED : Outcome.ACQUIRED;
    }

    /** @return whether the calling thread of this process holds the mutex */
    public static boolean heldByCurrentThread(MemorySegment s, long off) {
        return ((int) INT.getVolatile(s, off) & PID_MASK) == ME
                && (long) LONG.getVolatile(s, off + THREAD) == Thread.currentThread().threadId();
    }

    /** @return the holder's pid, 0 when free */
    public static int holderPid(MemorySegment s, long off) {
        return (int) INT.getVolatile(s, off) & PID_MASK;
    }

    /**
     * Frees the mutex; the caller must hold it.
     *
     * @throws IllegalMonitorStateException if the calling thread does not hold it
     */
    public static void release(MemorySegment s, long off, String what) {
        if (!heldByCurrentThread(s, off)) {
            throw notHeld(s, off, what);
        }
        LONG.setVolatile(s, off + THREAD, 0L);
        INT.setVolatile(s, off + COUNT, 0);
        int v = (int) INT.getAndSet(s, off, 0);
        if ((v & WAITERS) != 0) {
            Futex.wake(s, off, 1);
        }
    }

    public static IllegalMonitorStateException notHeld(MemorySegment s, long off, String what) {
        int holder = holderPid(s, off);
        String by = holder == 0 ? "it is not held"
                : holder == ME ? "it is held by another thread of this process"
                : "it is held by process " + holder;
        return new IllegalMonitorStateException("cannot unlock " + what + ": the calling thread does not hold it ("
                + by + "); only the thread that locked it may unlock it");
    }

    /** Re-entrant hold count (valid for the holder only). */
    public static int holdCount(MemorySegment s, long off) {
        return (int) INT.getVolatile(s, off + COUNT);
    }

    public static void setHoldCount(MemorySegment s, long off, int count) {
        INT.setVolatile(s, off + COUNT, count);
    }

    public static boolean lastOwnerDied(MemorySegment s, long off) {
        return (int) INT.getVolatile(s, off + DIED) != 0;
    }

    public static int policy(MemorySegment s, long off) {
        return (int) INT.getVolatile(s, off + POLICY);
    }

    public static void setPolicy(MemorySegment s, long off, int policy) {
        INT.setVolatile(s, off + POLICY, policy);
    }

    public static boolean isLocked(MemorySegment s, long off) {
        return (int) INT.getVolatile(s, off) != 0;
    }
}
