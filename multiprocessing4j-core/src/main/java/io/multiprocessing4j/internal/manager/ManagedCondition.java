package io.multiprocessing4j.internal.manager;

import io.multiprocessing4j.manager.ConditionProxy;

import java.time.Duration;
import java.util.ArrayDeque;
import java.util.Objects;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.Lock;
import java.util.concurrent.locks.ReentrantLock;

/**
 * The object behind a managed {@code Condition}, over its own reentrant lock or over one of the
 * manager's {@code lock()}/{@code rlock()} objects.
 *
 * <p>Implementation notes.
 * <ul>
 * <li>Python's algorithm rather than {@link ReentrantLock#newCondition()}: each waiter parks on a
 *     semaphore of its own, queued in arrival order, and a signal releases the first ones. This
 *     works over the plain lock too, which no thread owns and which therefore has no JDK condition.
 *     Waiting releases every hold of a reentrant lock and takes them all back after (Python's
 *     {@code _release_save}/{@code _acquire_restore}).</li>
 * <li>The type is thread-affine, like {@code rlock}: a client thread's calls on the condition and on
 *     its rlock all arrive on one connection, hence one server thread, which is the lock's owner.</li>
 * <li>A waiter's server thread is interrupted only when its client went away (DeathWatch, or the
 *     server closing). It then leaves the queue, passes on a signal it had already been given (also
 *     when it was interrupted while taking the lock back after one), and does not keep the lock: a
 *     lock must not stay held for a client that is gone. A waiter whose client dies after the reply
 *     was sent took its signal with it, as a process that dies just after waking does anywhere.</li>
 * </ul>
 */
final class ManagedCondition implements ConditionProxy {
    private final Lock lock; // a ReentrantLock or a ServerObjects.PlainLock
    private final ArrayDeque<Semaphore> waiters = new ArrayDeque<>(); // guarded by itself

    ManagedCondition(Lock lock) {
        if (!(lock instanceof ReentrantLock) && !(lock instanceof ServerObjects.PlainLock)) {
            throw new IllegalArgumentException("a managed condition needs a lock() or rlock() of its manager, got "
                    + lock.getClass().getName());
        }
        this.lock = lock;
    }

    @Override
    public void lock() {
        try {
            lock.lockInterruptibly();
        } catch (InterruptedException e) {
            // only the server interrupts: the client that waited has gone away
            Thread.currentThread().interrupt();
            throw new IllegalStateException("the client waiting for this condition's lock went away", e);
        }
    }

    @Override
    public void unlock() {
        lock.unlock();
    }

    @Override
    public void await() throws InterruptedException {
        awaitNanos(false, 0);
    }

    @Override
    public boolean await(Duration timeout) throws InterruptedException {
        Objects.requireNonNull(timeout, "timeout must not be null; call await() to wait without a limit");
        return awaitNanos(true, timeout.toNanos());
    }

    private boolean awaitNanos(boolean timed, long nanos) throws InterruptedException {
        checkHeld("await on");
        Semaphore waiter = new Semaphore(0);
        synchronized (waiters) {
            waiters.addLast(waiter);
        }
        int holds = releaseAll();
        boolean signalled;
        try {
            if (timed) {
                signalled = waiter.tryAcquire(Math.max(0, nanos), TimeUnit.NANOSECONDS);
            } else {
                waiter.acquire();
                signalled = true;
            }
        } catch (InterruptedException e) {
            synchronized (waiters) {
                if (!waiters.remove(waiter)) {
                    wake(1); // it had been signalled: the signal is not lost with it
                }
            }
            throw e;
        }
        if (!signalled) {
            synchronized (waiters) {
                // a signal that came between the time-out and here removed it: it counts
                signalled = !waiters.remove(waiter);
            }
        }
        try {
            restore(holds);
        } catch (InterruptedException e) {
            if (signalled) {
                synchronized (waiters) {
                    wake(1); // gone before its client heard of the signal: pass it on
                }
            }
            throw e;
        }
        return signalled;
    }

    /** Releases the lock completely; returns how many holds to take back. */
    private int releaseAll() {
        int holds = lock instanceof ReentrantLock r ? r.getHoldCount() : 1;
        for (int i = 0; i < holds; i++) {
            lock.unlock();
        }
        return holds;
    }

    private void restore(int holds) throws InterruptedException {
        for (int taken = 0; taken < holds; taken++) {
            try {
                lock.lockInterruptibly();
            } catch (InterruptedException e) {
                for (int i = 0; i < taken; i++) {
                    lock.unlock();
                }
                throw e;
            }
        }
    }

    @Override
    public void signal() {
        signal(1);
    }

    @Override
    public void signal(int n) {
        if (n < 0) {
            throw new IllegalArgumentException("n must be >= 0 (how many waiters to wake), got " + n);
        }
        checkHeld("signal");
        synchronized (waiters) {
            wake(n);
        }
    }

    @Override
    public void signalAll() {
        signal(Integer.MAX_VALUE);
    }

    private void wake(int n) {
        for (int i = 0; i < n && !waiters.isEmpty(); i++) {
            waiters.pollFirst().release();
        }
    }

    private void checkHeld(String what) {
        boolean held = lock instanceof ReentrantLock r ? r.isHeldByCurrentThread() : ((ServerObjects.PlainLock) lock).isLocked();
        if (!held) {
            throw new IllegalMonitorStateException("cannot " + what + " a managed condition without holding its lock"
                    + " (Python: RuntimeError: cannot " + (what.startsWith("await") ? "wait" : "notify")
                    + " on un-acquired lock); call lock() first, in the same thread");
        }
    }

    /** The client of the calling server thread has gone: give up every hold it had on the lock. */
    void releaseHeldByCurrentThread() {
        if (lock instanceof ReentrantLock r) {
            ServerObjects.releaseHeldByCurrentThread(r);
        }
    }

    @Override
    public String toString() {
        int n;
        synchronized (waiters) {
            n = waiters.size();
        }
        return "Condition(" + lock + ", " + n + " waiting)";
    }
}
