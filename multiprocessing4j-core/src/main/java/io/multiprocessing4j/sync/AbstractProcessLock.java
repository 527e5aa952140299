package io.multiprocessing4j.sync;

import io.multiprocessing4j.spi.LockBackend;

import java.io.Serial;
import java.io.Serializable;
import java.time.Duration;
import java.util.Objects;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.Lock;

/**
 * What {@link ProcessLock} and {@link ProcessRLock} share: every method delegates to a
 * {@link LockBackend}, a robust mutex in shared memory ({@link io.multiprocessing4j.spi.LocalBackends}) or the lock of
 * another module's context (the cluster's). The backend is re-entrant; the non-re-entrant rule of
 * {@code ProcessLock} and the owner-death exception are added here, the same for both kinds.
 */
abstract sealed class AbstractProcessLock implements Lock, AutoCloseable, Serializable permits ProcessLock, ProcessRLock {
    @Serial
    private static final long serialVersionUID = 1L;

    final String name;
    /** The lock every method delegates to (serialized with it: it re-attaches by name). */
    final LockBackend backend;
    /** Whether {@link #acquire} checks for a take-over from a dead holder, or the backend throws itself. */
    private final transient boolean checkOwnerDeath;

    AbstractProcessLock(LockBackend backend) {
        this.name = backend.name();
        this.backend = backend;
        this.checkOwnerDeath = !backend.throwsOwnerDeathItself();
    }

    abstract boolean reentrant();

    abstract String kind();

    /** @return the name of the shared memory that holds the lock; the same in every process */
    public String name() {
        return name;
    }

    /**
     * Chooses how the next acquirer learns that the previous holder's process died holding the
     * lock: by {@link #lastOwnerDied()} ({@code false}, the default) or by a
     * {@link LockOwnerDiedException} from {@code lock()} ({@code true}). The choice is stored in
     * shared memory and applies in every process.
     *
     * @return this
     */
    public AbstractProcessLock throwOnOwnerDeath(boolean yes) {
        backend.throwOnOwnerDeath(yes);
        return this;
    }

    /** @return whether the current (or latest) hold was taken over from a process that died holding the lock */
    public boolean lastOwnerDied() {
        return backend.lastOwnerDied();
    }

    /**
     * Acquires the lock, waiting as long as it takes; recovers it if its holder's process dies.
     *
     * @throws LockOwnerDiedException if the lock was taken over from a dead holder and the lock is
     *     set to {@link #throwOnOwnerDeath(boolean) throw}; the caller then holds the lock
     */
    @Override
    public void lock() {
        try {
            acquire(Deadlines.FOREVER, false);
        } catch (InterruptedException e) {
            throw new AssertionError(e);
        }
    }

    @Override
    public void lockInterruptibly() throws InterruptedException {
        acquire(Deadlines.FOREVER, true);
    }

    @Override
    public boolean tryLock() {
        return (reentrant() || !backend.isHeldByCurrentThread()) && backend.tryAcquire();
    }

    @Override
    public boolean tryLock(long time, TimeUnit unit) throws InterruptedException {
        return acquire(Deadlines.after(Math.max(time, 0), unit), true);
    }

    /** As {@link #tryLock(long, TimeUnit)} with a {@link Duration}. */
    public boolean tryLock(Duration timeout) throws InterruptedException {
        return tryLock(timeout.toNanos(), TimeUnit.NANOSECONDS);
    }

    boolean acquire(long deadline, boolean interruptible) throws InterruptedException {
        if (!reentrant() && backend.isHeldByCurrentThread()) {
            throw notReentrant();
        }
        if (!backend.acquire(deadline, interruptible)) {
            return false;
        }
        if (checkOwnerDeath && backend.lastOwnerDied() && backend.throwsOnOwnerDeath() && backend.holdCount() == 1) {
            throw new LockOwnerDiedException(toString(), backend.deadOwnerPid());
        }
        return true;
    }

    private IllegalStateException notReentrant() {
        return new IllegalStateException("the calling thread already holds " + this
                + "; a ProcessLock is not re-entrant (it would wait forever): use a ProcessRLock (ctx.rlock())");
    }

    @Override
    public void unlock() {
        backend.release();
    }

    /** @return whether any thread of any process holds the lock */
    public boolean isLocked() {
        return backend.isLocked();
    }

    /** @return whether the calling thread holds the lock */
    public boolean isHeldByCurrentThread() {
        return backend.isHeldByCurrentThread();
    }

    /** @return a new condition bound to this lock ({@link ProcessCondition}) */
    @Override
    public ProcessCondition newCondition() {
        return ProcessCondition.create(this, "newCondition()");
    }

    /**
     * Releases this process's use of the lock: every handle to it in this process stops working.
     * Other processes keep using it; the shared memory is unlinked when no live process uses it.
     */
    @Override
    public void close() {
        backend.close();
    }

    /** The refusal of a condition over a lock that has no shared memory to wait in. */
    UnsupportedOperationException noCondition(String what) {
        return new UnsupportedOperationException(what + " is not offered for " + this + ", a lock of the "
                + "cluster context: a condition needs a lock in one machine's shared memory. Use a ProcessEvent "
                + "(ctx.event()) or a ProcessQueue to signal between tasks instead");
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof AbstractProcessLock l && l.getClass() == getClass() && l.name.equals(name);
    }

    @Override
    public int hashCode() {
        return Objects.hash(getClass(), name);
    }

    @Override
    public String toString() {
        return kind() + "[" + name + "]";
    }
}
