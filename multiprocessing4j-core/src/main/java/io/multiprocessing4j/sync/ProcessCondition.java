package io.multiprocessing4j.sync;

import io.multiprocessing4j.spi.ConditionBackend;
import io.multiprocessing4j.spi.LocalBackends;

import java.io.Serial;
import java.io.Serializable;
import java.time.Duration;
import java.util.Date;
import java.util.Objects;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.Condition;
import java.util.function.BooleanSupplier;

/**
 * Python's {@code multiprocessing.Condition}: waiting for a state that other processes change,
 * under a {@link ProcessLock} or {@link ProcessRLock}. Also a {@link java.util.concurrent.locks.Condition}.
 *
 * <p>Call {@code await}, {@code notify} and {@code notifyAll} while holding the lock ({@link #lock()},
 * {@link #unlock()} forward to it). Waits may wake spuriously (as every condition variable's):
 * loop on the predicate, or use {@link #awaitFor}. {@code notify(n)} wakes at least {@code n}
 * waiters if there are that many, and may wake more.
 *
 * <p><b>Owner death.</b> A waiter reacquires the lock on waking, so a lock whose holder died is
 * taken over as by {@link ProcessLock#lock()}; {@link ProcessLock#lastOwnerDied()} then tells.
 * A process that dies while waiting leaves nothing behind.
 *
 * <p>Thread-safe, {@code Serializable} (the condition and its lock re-attach by name). Obtain one
 * from {@code ctx.condition()}, {@code ctx.condition(lock)} or {@code lock.newCondition()}.
 */
public final class ProcessCondition implements Condition, AutoCloseable, Serializable {
    @Serial
    private static final long serialVersionUID = 1L;

    private final String name;
    private final AbstractProcessLock lock;
    private final boolean ownsLock;
    /** The condition variable in shared memory (serialized with it: it re-attaches by name). */
    private final ConditionBackend backend;

    private ProcessCondition(ConditionBackend backend, AbstractProcessLock lock, boolean ownsLock) {
        this.ownsLock = ownsLock;
        this.name = backend.name();
        this.backend = backend;
        this.lock = lock;
    }

    /** @return a condition over a new {@link ProcessRLock} (Python's default) */
    public static ProcessCondition create() {
        ProcessRLock lock = ProcessRLock.create();
        return new ProcessCondition(LocalBackends.get().condition(lock.backend), lock, true);
    }

    /** @return a condition over {@code lock}, a {@link ProcessLock} or {@link ProcessRLock} */
    public static ProcessCondition create(java.util.concurrent.locks.Lock lock) {
        Objects.requireNonNull(lock, "lock must not be null: pass a ProcessLock or ProcessRLock");
        if (!(lock instanceof AbstractProcessLock l)) {
            throw new IllegalArgumentException("a ProcessCondition needs a ProcessLock or ProcessRLock, got "
                    + lock.getClass().getName() + ": other processes cannot see a " + lock.getClass().getSimpleName());
        }
        return create(l, "a condition");
    }

    /**
     * @param what what the caller asked for, to name it when the lock has no shared memory
     * @throws UnsupportedOperationException for a lock of another module's context (the cluster's)
     */
    static ProcessCondition create(AbstractProcessLock lock, String what) {
        ConditionBackend c = LocalBackends.get().condition(lock.backend);
        if (c == null) {
            throw lock.noCondition(what);
        }
        return new ProcessCondition(c, lock, false);
    }

    /** @return the lock this condition uses */
    public java.util.concurrent.locks.Lock getLock() {
        return lock;
    }

    public void lock() {
        lock.lock();
    }

    public void unlock() {
        lock.unlock();
    }

    /** Waits until notified (or a spurious wake-up). The caller must hold the lock. */
    @Override
    public void await() throws InterruptedException {
        awaitUntilDeadline(Deadlines.FOREVER, true);
    }

    @Override
    public void awaitUninterruptibly() {
        try {
            awaitUntilDeadline(Deadlines.FOREVER, false);
        } catch (InterruptedException e) {
            throw new AssertionError(e);
        }
    }

    @Override
    public long awaitNanos(long nanosTimeout) throws InterruptedException {
        long deadline = Deadlines.after(Math.max(nanosTimeout, 0), TimeUnit.NANOSECONDS);
        awaitUntilDeadline(deadline, true);
        return deadline - System.nanoTime();
    }

    /** @return {@code false} if the time elapsed before a notification (Python's {@code wait(timeout)}) */
    @Override
    public boolean await(long time, TimeUnit unit) throws InterruptedException {
        return awaitUntilDeadline(Deadlines.after(Math.max(time, 0), unit), true);
    }

    /** As {@link #await(long, TimeUnit)}. */
    public boolean await(Duration timeout) throws InterruptedException {
        return await(timeout.toNanos(), TimeUnit.NANOSECONDS);
    }

    @Override
    public boolean awaitUntil(Date deadline) throws InterruptedException {
        return await(deadline.getTime() - System.currentTimeMillis(), TimeUnit.MILLISECONDS);
    }

    /**
     * Python's {@code wait_for}: waits until {@code predicate} holds, re-checking it after every
     * wake-up, at most {@code timeout} ({@code null} for no limit). The caller must hold the lock.
     *
     * @return the predicate's last value
     */
    public boolean awaitFor(BooleanSupplier predicate, Duration timeout) throws InterruptedException {
        long deadline = timeout == null ? Deadlines.FOREVER : Deadlines.after(timeout.toNanos(), TimeUnit.NANOSECONDS);
        boolean ok = predicate.getAsBoolean();
        while (!ok) {
            if (deadline != Deadlines.FOREVER && System.nanoTime() - deadline >= 0) {
                break;
            }
            awaitUntilDeadline(deadline, true);
            ok = predicate.getAsBoolean();
        }
        return ok;
    }

    private boolean awaitUntilDeadline(long deadline, boolean interruptible) throws InterruptedException {
        if (!lock.isHeldByCurrentThread()) {
            throw new IllegalMonitorStateException("cannot wait on a condition of " + lock
                    + " without holding the lock: lock() first");
        }
        return backend.await(deadline, interruptible);
    }

    private void requireHeld(String what) {
        if (!lock.isHeldByCurrentThread()) {
            throw new IllegalMonitorStateException("cannot " + what + " " + this + " without holding its lock: lock() first");
        }
    }

    /** Wakes one waiter. The caller must hold the lock. */
    @Override
    public void signal() {
        notify(1);
    }

    @Override
    public void signalAll() {
        notifyAll_();
    }

    /** Python's {@code notify(n)}: wakes up to {@code n} waiters. The caller must hold the lock. */
    public void notify(int n) {
        if (n < 0) {
            throw new IllegalArgumentException("n must be >= 0, got " + n);
        }
        requireHeld("notify");
        backend.wake(n);
    }

    /** Python's {@code notify_all()}: wakes every waiter. The caller must hold the lock. */
    public void notifyAllWaiters() {
        notifyAll_();
    }

    private void notifyAll_() {
        requireHeld("notify");
        backend.wakeAll();
    }

    /**
     * Releases this process's use of the condition, and of its lock when the condition made it
     * ({@code ctx.condition()}); a lock passed in stays open.
     */
    @Override
    public void close() {
        backend.close();
        if (ownsLock) {
            lock.close();
        }
    }

    @Serial
    private Object readResolve() {
        return new ProcessCondition(backend, lock, ownsLock);
    }

    @Override
    public String toString() {
        return "ProcessCondition[" + name + ", " + lock + "]";
    }
}
