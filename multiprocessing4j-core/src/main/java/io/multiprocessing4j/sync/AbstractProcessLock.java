package io.multiprocessing4j.sync;

import io.multiprocessing4j.internal.ipc.Handles;
import io.multiprocessing4j.internal.ipc.RobustMutex;
import io.multiprocessing4j.internal.ipc.ShmFile;
import io.multiprocessing4j.internal.ipc.Waiting;
import io.multiprocessing4j.spi.LockBackend;

import java.io.Serial;
import java.io.Serializable;
import java.lang.foreign.MemorySegment;
import java.time.Duration;
import java.util.Objects;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.Lock;

/**
 * What {@link ProcessLock} and {@link ProcessRLock} share: a robust mutex in shared memory, or a
 * {@link LockBackend} of another module's context (the cluster's) that every method delegates to.
 */
abstract sealed class AbstractProcessLock implements Lock, AutoCloseable, Serializable permits ProcessLock, ProcessRLock {
    @Serial
    private static final long serialVersionUID = 1L;

    final String name;
    final transient ShmFile file;
    final transient MemorySegment seg;
    /** Null for a lock in shared memory; else the context's lock it delegates to (serialized with it). */
    final LockBackend backend;

    AbstractProcessLock(ShmFile file) {
        this.name = file.name();
        this.file = file;
        this.seg = file.segment();
        this.backend = null;
    }

    AbstractProcessLock(LockBackend backend) {
        this.name = backend.name();
        this.file = null;
        this.seg = null;
        this.backend = backend;
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
        if (backend != null) {
            backend.throwOnOwnerDeath(yes);
            return this;
        }
        RobustMutex.setPolicy(seg, 0, yes ? RobustMutex.POLICY_THROW : RobustMutex.POLICY_FLAG);
        return this;
    }

    /** @return whether the current (or latest) hold was taken over from a process that died holding the lock */
    public boolean lastOwnerDied() {
        if (backend != null) {
            return backend.lastOwnerDied();
        }
        return RobustMutex.lastOwnerDied(seg, 0);
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
            acquire(Waiting.FOREVER, false);
        } catch (InterruptedException e) {
            throw new AssertionError(e);
        }
    }

    @Override
    public void lockInterruptibly() throws InterruptedException {
        acquire(Waiting.FOREVER, true);
    }

    @Override
    public boolean tryLock() {
        if (backend != null) {
            return (reentrant() || !backend.isHeldByCurrentThread()) && backend.tryAcquire();
        }
        if (reentrant() && RobustMutex.heldByCurrentThread(seg, 0)) {
            RobustMutex.setHoldCount(seg, 0, RobustMutex.holdCount(seg, 0) + 1);
            return true;
        }
        return RobustMutex.tryAcquire(seg, 0);
    }

    @Override
    public boolean tryLock(long time, TimeUnit unit) throws InterruptedException {
        return acquire(Waiting.deadline(Math.max(time, 0), unit), true);
    }

    /** As {@link #tryLock(long, TimeUnit)} with a {@link Duration}. */
    public boolean tryLock(Duration timeout) throws InterruptedException {
        return tryLock(timeout.toNanos(), TimeUnit.NANOSECONDS);
    }

    boolean acquire(long deadline, boolean interruptible) throws InterruptedException {
        if (backend != null) {
            if (!reentrant() && backend.isHeldByCurrentThread()) {
                throw notReentrant();
            }
            if (!backend.acquire(deadline, interruptible)) {
                return false;
            }
            if (backend.lastOwnerDied() && backend.throwsOnOwnerDeath() && backend.holdCount() == 1) {
                throw new LockOwnerDiedException(toString(), backend.deadOwnerPid());
            }
            return true;
        }
        if (RobustMutex.heldByCurrentThread(seg, 0)) {
            if (reentrant()) {
                RobustMutex.setHoldCount(seg, 0, RobustMutex.holdCount(seg, 0) + 1);
                return true;
            }
            throw notReentrant();
        }
        int before = RobustMutex.holderPid(seg, 0);
        RobustMutex.Outcome o = RobustMutex.acquire(seg, 0, deadline, interruptible);
        if (o == RobustMutex.Outcome.TIMED_OUT) {
            return false;
        }
        if (o == RobustMutex.Outcome.ACQUIRED_OWNER_DIED && RobustMutex.policy(seg, 0) == RobustMutex.POLICY_THROW) {
            throw new LockOwnerDiedException(toString(), before);
        }
        return true;
    }

    private IllegalStateException notReentrant() {
        return new IllegalStateException("the calling thread already holds " + this
                + "; a ProcessLock is not re-entrant (it would wait forever): use a ProcessRLock (ctx.rlock())");
    }

    @Override
    public void unlock() {
        if (backend != null) {
            backend.release();
            return;
        }
        if (reentrant() && RobustMutex.heldByCurrentThread(seg, 0)) {
            int c = RobustMutex.holdCount(seg, 0);
            if (c > 1) {
                RobustMutex.setHoldCount(seg, 0, c - 1);
                return;
            }
        }
        RobustMutex.release(seg, 0, toString());
    }

    /** Releases every hold of the calling thread (for a condition wait); @return the hold count to restore */
    int releaseFully() {
        requireShared("a condition");
        if (!RobustMutex.heldByCurrentThread(seg, 0)) {
            throw new IllegalMonitorStateException("cannot wait on a condition of " + this
                    + " without holding the lock: lock() first");
        }
        int c = RobustMutex.holdCount(seg, 0);
        RobustMutex.setHoldCount(seg, 0, 1);
        RobustMutex.release(seg, 0, toString());
        return c;
    }

    void reacquire(int count) {
        try {
            RobustMutex.acquire(seg, 0, Waiting.FOREVER, false);
        } catch (InterruptedException e) {
            throw new AssertionError(e);
        }
        RobustMutex.setHoldCount(seg, 0, count);
    }

    /** @return whether any thread of any process holds the lock */
    public boolean isLocked() {
        if (backend != null) {
            return backend.isLocked();
        }
        return RobustMutex.isLocked(seg, 0);
    }

    /** @return whether the calling thread holds the lock */
    public boolean isHeldByCurrentThread() {
        if (backend != null) {
            return backend.isHeldByCurrentThread();
        }
        return RobustMutex.heldByCurrentThread(seg, 0);
    }

    /** @return a new condition bound to this lock ({@link ProcessCondition}) */
    @Override
    public ProcessCondition newCondition() {
        requireShared("newCondition()");
        return ProcessCondition.create(this);
    }

    /**
     * Releases this process's use of the lock: every handle to it in this process stops working.
     * Other processes keep using it; the shared memory is unlinked when no live process uses it.
     */
    @Override
    public void close() {
        if (backend != null) {
            backend.close();
            return;
        }
        Handles.release(file);
    }

    void requireShared(String what) {
        if (backend != null) {
            throw new UnsupportedOperationException(what + " is not offered for " + this + ", a lock of the "
                    + "cluster context: a condition needs a lock in one machine's shared memory. Use a ProcessEvent "
                    + "(ctx.event()) or a ProcessQueue to signal between tasks instead");
        }
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
