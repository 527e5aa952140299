package io.multiprocessing4j.internal.ipc;

import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.lang.invoke.VarHandle;

/**
 * A cross-process mutex in {@value #BYTES} bytes of shared memory that survives the death of its
 * holder: the one such lock of the library, under {@code ProcessLock}, {@code ProcessRLock}, the locks of
 * shared values and the short-held lock of every shared-memory queue.
 *
 * <pre>
 * +0  int   word: 0 free, else the holder's pid (the futex)
 * +4  int   owner-death policy: 0 report through the flag, 1 throw
 * +8  long  holder's thread id (0 while free or being handed over)
 * +16 int   hold count (re-entrant use)
 * +20 int   1 when the current hold was taken over from a dead holder
 * +24 int   sleepers: waiters in (or about to enter) a futex wait
 * +28 int   wake pending: 1 from a release's wake until a sleeper is back awake
 * </pre>
 *
 * <p>Implementation notes. The word is a futex holding 0 or the holder's pid, so a waiter can tell
 * who holds it even if the holder died a nanosecond after taking it. A release enters the kernel
 * only when someone sleeps and no earlier wake is still on its way (the wake-pending word): under
 * heavy contention between more processes than cores, most releases then cost no system call,
 * and the lock is handed to whoever runs (barging), not queued. The sleeper counter is
 * incremented before the futex wait checks the word and the release reads it after freeing the
 * word, so a release either sees the sleeper or the sleeper sees the free word; a wake skipped
 * because one was pending is covered by the woken waiter, which clears the flag before its next
 * attempt, and every sleep is bounded by a slice anyway. The fast path is one CAS; then the
 * common spin-then-yield of {@link Waiting}; then sleeps in slices, and after each
 * full slice on an unchanged word the waiter checks whether the holder is alive and, if not,
 * takes the lock over with a CAS on the word it saw (so only one waiter wins). Within one process
 * (the thread context) the holder's pid is always alive: a dead thread's lock is not recovered.
 * Threads of one process share a pid; the lock still excludes them (the CAS from 0 fails while
 * anyone holds it), and a live process is never taken over. Data guarded by the mutex must survive
 * a holder that dies half-way: the queue, for one, commits its state with a single store.
 */
public final class RobustMutex {
    public static final long BYTES = 32;
    public static final int POLICY_FLAG = 0;
    public static final int POLICY_THROW = 1;

    private static final long POLICY = 4;
    private static final long THREAD = 8;
    private static final long COUNT = 16;
    private static final long DIED = 20;
    private static final long SLEEPERS = 24;
    private static final long WAKE_PENDING = 28;
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
        // yielding (after the spin) lets a preempted holder on this CPU finish its critical section
        if (Waiting.spinThenYield(() -> (int) INT.getVolatile(s, off) == 0 && INT.compareAndSet(s, off, 0, ME))) {
            return taken(s, off, false);
        }
        long nextOwnerCheck = System.nanoTime() + Waiting.SLICE_NANOS;
        while (true) {
            int v = (int) INT.getVolatile(s, off);
            if (v == 0) {
                if (INT.compareAndSet(s, off, 0, ME)) {
                    return taken(s, off, false);
                }
                continue;
            }
            if (interruptible) {
                Waiting.checkInterrupt();
            }
            if (Waiting.passed(deadline)) {
                return Outcome.TIMED_OUT;
            }
            INT.getAndAdd(s, off + SLEEPERS, 1);
            try {
                Waiting.sleepSlice(s, off, v, deadline);
            } finally {
                INT.getAndAdd(s, off + SLEEPERS, -1);
                // awake (woken or not): let the next release wake someone; must precede the next attempt
                INT.setVolatile(s, off + WAKE_PENDING, 0);
            }
            if (System.nanoTime() - nextOwnerCheck >= 0) {
                nextOwnerCheck = System.nanoTime() + Waiting.SLICE_NANOS;
                if ((int) INT.getVolatile(s, off) == v && !Pids.isAlive(v) && INT.compareAndSet(s, off, v, ME)) {
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
        // release stores suffice: only the holder relies on these; others read them to report errors
        LONG.setRelease(s, off + THREAD, Thread.currentThread().threadId());
        INT.setRelease(s, off + COUNT, 1);
        int died = ownerDied ? 1 : 0;
        if ((int) INT.getAcquire(s, off + DIED) != died) {
            INT.setRelease(s, off + DIED, died);
        }
        return ownerDied ? Outcome.ACQUIRED_OWNER_DIED : Outcome.ACQUIRED;
    }

    /** @return whether the calling thread of this process holds the mutex */
    public static boolean heldByCurrentThread(MemorySegment s, long off) {
        return (int) INT.getVolatile(s, off) == ME
                && (long) LONG.getVolatile(s, off + THREAD) == Thread.currentThread().threadId();
    }

    /** @return the holder's pid, 0 when free */
    public static int holderPid(MemorySegment s, long off) {
        return (int) INT.getVolatile(s, off);
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
        LONG.setRelease(s, off + THREAD, 0L);
        INT.setRelease(s, off + COUNT, 0);
        INT.getAndSet(s, off, 0); // a full fence: the stores above are visible before the lock is free
        if ((int) INT.getVolatile(s, off + SLEEPERS) > 0 && INT.compareAndSet(s, off + WAKE_PENDING, 0, 1)) {
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
