package io.multiprocessing4j.internal.queue;

import io.multiprocessing4j.internal.ring.Pids;
import io.multiprocessing4j.internal.shm.Futex;

import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.lang.invoke.VarHandle;

/**
 * The queue's own short-held lock: a futex word holding the owner's pid, taken over when the owner
 * died holding it.
 *
 * <p>Implementation notes. The word is 0 when free, else the owner's pid, so a waiter always knows
 * whom it waits for. A waiter spins briefly, then sleeps on the word in slices of 20 ms (a waiters
 * counter lets {@link #unlock()} skip the wake syscall when nobody sleeps); every 50 ms of waiting
 * it checks the owner's pid and, if that process is gone, takes the lock over with a CAS from the
 * dead pid, so exactly one waiter recovers it. The data the lock protects must survive a holder
 * that dies half-way: the queue commits its state with one store (see {@link ShmQueue}). Threads
 * of one process share a pid; the lock still excludes them (the CAS from 0 fails while anyone holds
 * it), and a live process is never taken over. This is separate from {@code ProcessLock} on purpose:
 * the queue must not depend on anything but shared memory and futexes.
 */
final class RobustLock {
    private static final VarHandle INT = ValueLayout.JAVA_INT.varHandle();
    private static final int SELF = (int) Pids.SELF;
    private static final long SLICE_NANOS = 20_000_000L;
    private static final long OWNER_CHECK_NANOS = 50_000_000L;

    private final MemorySegment seg;
    private final long word;
    private final long waiters;

    RobustLock(MemorySegment seg, long word, long waiters) {
        this.seg = seg;
        this.word = word;
        this.waiters = waiters;
    }

    /** @return {@code true} if the previous owner died holding the lock and this call took it over */
    boolean lock() {
        if (INT.compareAndSet(seg, word, 0, SELF)) {
            return false;
        }
        for (int i = 0; i < 100; i++) {
            Thread.onSpinWait();
            if ((int) INT.getVolatile(seg, word) == 0 && INT.compareAndSet(seg, word, 0, SELF)) {
                return false;
            }
        }
        for (int i = 0; i < 5; i++) {
            Thread.yield();
            if ((int) INT.getVolatile(seg, word) == 0 && INT.compareAndSet(seg, word, 0, SELF)) {
                return false;
            }
        }
        long lastCheck = System.nanoTime();
        INT.getAndAdd(seg, waiters, 1);
        try {
            while (true) {
                int owner = (int) INT.getVolatile(seg, word);
                if (owner == 0) {
                    if (INT.compareAndSet(seg, word, 0, SELF)) {
                        return false;
                    }
                    continue;
                }
                Futex.awaitAnyThread(seg, word, owner, SLICE_NANOS);
                long now = System.nanoTime();
                if (now - lastCheck >= OWNER_CHECK_NANOS) {
                    lastCheck = now;
                    int still = (int) INT.getVolatile(seg, word);
                    if (still != 0 && still != SELF && !Pids.isAlive(still)
                            && INT.compareAndSet(seg, word, still, SELF)) {
                        return true;
                    }
                }
            }
        } finally {
            INT.getAndAdd(seg, waiters, -1);
        }
    }

    void unlock() {
        INT.setVolatile(seg, word, 0);
        if ((int) INT.getVolatile(seg, waiters) > 0) {
            Futex.wake(seg, word, 1);
        }
    }
}
