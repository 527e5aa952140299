package io.multiprocessing4j.sync;

import io.multiprocessing4j.internal.ipc.Futex;
import io.multiprocessing4j.internal.ipc.Handles;
import io.multiprocessing4j.internal.ipc.ShmFile;
import io.multiprocessing4j.internal.ipc.Waiting;

import java.io.Serial;
import java.io.Serializable;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.lang.invoke.VarHandle;
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
    private static final VarHandle INT = ValueLayout.JAVA_INT.varHandle();
    private static final long SEQ = 0;
    private static final long WAITERS = 4;

    private final String name;
    private final AbstractProcessLock lock;
    private final boolean ownsLock;
    private final transient ShmFile file;
    private final transient MemorySegment seg;

    private ProcessCondition(ShmFile file, AbstractProcessLock lock, boolean ownsLock) {
        this.ownsLock = ownsLock;
        this.name = file.name();
        this.file = file;
        this.seg = file.segment();
        this.lock = lock;
    }

    /** @return a condition over a new {@link ProcessRLock} (Python's default) */
    public static ProcessCondition create() {
        return new ProcessCondition(Handles.create(64), ProcessRLock.create(), true);
    }

    /** @return a condition over {@code lock}, a {@link ProcessLock} or {@link ProcessRLock} */
    public static ProcessCondition create(java.util.concurrent.locks.Lock lock) {
        Objects.requireNonNull(lock, "lock must not be null: pass a ProcessLock or ProcessRLock");
        if (!(lock instanceof AbstractProcessLock l)) {
            throw new IllegalArgumentException("a ProcessCondition needs a ProcessLock or ProcessRLock, got "
                    + lock.getClass().getName() + ": other processes cannot see a " + lock.getClass().getSimpleName());
        }
        return new ProcessCondition(Handles.create(64), l, false);
    }

    static ProcessCondition create(AbstractProcessLock lock) {
        return new ProcessCondition(Handles.create(64), lock, false);
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
        awaitUntilDeadline(Waiting.FOREVER, true);
    }

    @Override
    public void awaitUninterruptibly() {
        try {
            awaitUntilDeadline(Waiting.FOREVER, false);
        } catch (InterruptedException e) {
            throw new AssertionError(e);
        }
    }

    @Override
    public long awaitNanos(long nanosTimeout) throws InterruptedException {
        long deadline = Waiting.deadline(Math.max(nanosTimeout, 0), TimeUnit.NANOSECONDS);
        awaitUntilDeadline(deadline, true);
        return deadline - System.nanoTime();
    }

    /** @return {@code false} if the time elapsed before a notification (Python's {@code wait(timeout)}) */
    @Override
    public boolean await(long time, TimeUnit unit) throws InterruptedException {
        return awaitUntilDeadline(Waiting.deadline(Math.max(time, 0), unit), true);
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
        long deadline = timeout == null ? Waiting.FOREVER : Waiting.deadline(timeout.toNanos(), TimeUnit.NANOSECONDS);
        boolean ok = predicate.getAsBoolean();
        while (!ok) {
            if (deadline != Waiting.FOREVER && System.nanoTime() - deadline >= 0) {
                break;
            }
            awaitUntilDeadline(deadline, true);
            ok = predicate.getAsBoolean();
        }
        return ok;
    }

    private boolean awaitUntilDeadline(long deadline, boolean interruptible) throws InterruptedException {
        int seq = (int) INT.getVolatile(seg, SEQ);
        INT.getAndAdd(seg, WAITERS, 1);
        int holds = lock.releaseFully();
        boolean notified = false;
        InterruptedException interrupted = null;
        try {
            while (true) {
                if ((int) INT.getVolatile(seg, SEQ) != seq) {
                    notified = true;
                    break;
                }
                if (interruptible && Thread.interrupted()) {
                    interrupted = new InterruptedException();
                    break;
                }
                if (deadline != Waiting.FOREVER && System.nanoTime() - deadline >= 0) {
                    break;
                }
                if (!Waiting.spinWhile(seg, SEQ, seq)) {
                    Waiting.sleepSlice(seg, SEQ, seq, deadline);
                }
            }
        } finally {
            INT.getAndAdd(seg, WAITERS, -1);
            lock.reacquire(holds);
        }
        if (interrupted != null) {
            throw interrupted;
        }
        return notified;
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
        INT.getAndAdd(seg, SEQ, 1);
        if ((int) INT.getVolatile(seg, WAITERS) > 0 && n > 0) {
            Futex.wake(seg, SEQ, n);
        }
    }

    /** Python's {@code notify_all()}: wakes every waiter. The caller must hold the lock. */
    public void notifyAllWaiters() {
        notifyAll_();
    }

    private void notifyAll_() {
        requireHeld("notify");
        INT.getAndAdd(seg, SEQ, 1);
        if ((int) INT.getVolatile(seg, WAITERS) > 0) {
            Futex.wakeAll(seg, SEQ);
        }
    }

    /**
     * Releases this process's use of the condition, and of its lock when the condition made it
     * ({@code ctx.condition()}); a lock passed in stays open.
     */
    @Override
    public void close() {
        Handles.release(file);
        if (ownsLock) {
            lock.close();
        }
    }

    @Serial
    private Object readResolve() {
        return new ProcessCondition(Handles.attach(name), lock, ownsLock);
    }

    @Override
    public String toString() {
        return "ProcessCondition[" + name + ", " + lock + "]";
    }
}
