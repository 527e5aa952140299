package io.multiprocessing4j.internal.ipc;

import io.multiprocessing4j.spi.LockBackend;
import io.multiprocessing4j.sync.LockOwnerDiedException;

import java.io.Serial;
import java.lang.foreign.MemorySegment;

/**
 * The lock under a {@code ProcessLock} or {@code ProcessRLock} of the local contexts: a
 * {@link RobustMutex} at offset 0 of its own shared memory, re-entrant as {@link LockBackend}
 * asks when made for a {@code ProcessRLock}.
 *
 * <p>Implementation notes. Serialized, it is its name and kind; {@link #readResolve()} maps the
 * memory again (once per process: {@link Handles}). {@link #deadOwnerPid()} is the holder whose
 * death the calling thread's latest take-over followed: written by the thread that then holds the
 * lock and read by it right after, so a plain field does. {@link #releaseFully()} and
 * {@link #reacquire(int)} are for {@link LocalCondition}. A lock made for a {@code ProcessLock}
 * ({@code reentrant == false}) skips the hold-count bookkeeping: {@code ProcessLock} checks for a
 * second hold itself before it asks, so its hold count is always one, and lock and unlock cost
 * what they cost before the public classes delegated to backends; for the same reason
 * {@link #acquire} throws the owner-death exception itself, from the outcome it already has.
 */
public final class LocalLock implements LockBackend {
    @Serial
    private static final long serialVersionUID = 1L;

    private final String name;
    private final boolean reentrant;
    private final transient ShmFile file;
    private final transient MemorySegment seg;
    private transient long deadOwner = -1;

    LocalLock(ShmFile file, boolean reentrant) {
        this.name = file.name();
        this.reentrant = reentrant;
        this.file = file;
        this.seg = file.segment();
    }

    /** @return a new, unlocked lock ({@code reentrant}: a {@code ProcessRLock}, for messages) */
    public static LocalLock create(boolean reentrant) {
        return new LocalLock(Handles.create(RobustMutex.BYTES), reentrant);
    }

    @Override
    public String name() {
        return name;
    }

    @Override
    public boolean acquire(long deadline, boolean interruptible) throws InterruptedException {
        if (reentrant && RobustMutex.heldByCurrentThread(seg, 0)) {
            RobustMutex.setHoldCount(seg, 0, RobustMutex.holdCount(seg, 0) + 1);
            return true;
        }
        int before = RobustMutex.holderPid(seg, 0);
        RobustMutex.Outcome o = RobustMutex.acquire(seg, 0, deadline, interruptible);
        if (o == RobustMutex.Outcome.TIMED_OUT) {
            return false;
        }
        if (o == RobustMutex.Outcome.ACQUIRED_OWNER_DIED) {
            deadOwner = before;
            if (RobustMutex.policy(seg, 0) == RobustMutex.POLICY_THROW) {
                throw new LockOwnerDiedException(toString(), before);
            }
        }
        return true;
    }

    @Override
    public boolean tryAcquire() {
        if (reentrant && RobustMutex.heldByCurrentThread(seg, 0)) {
            RobustMutex.setHoldCount(seg, 0, RobustMutex.holdCount(seg, 0) + 1);
            return true;
        }
        return RobustMutex.tryAcquire(seg, 0);
    }

    @Override
    public void release() {
        if (reentrant && RobustMutex.heldByCurrentThread(seg, 0)) {
            int c = RobustMutex.holdCount(seg, 0);
            if (c > 1) {
                RobustMutex.setHoldCount(seg, 0, c - 1);
                return;
            }
        }
        RobustMutex.release(seg, 0, toString());
    }

    /** Releases every hold of the calling thread, which holds the lock; @return the holds to restore */
    int releaseFully() {
        int c = RobustMutex.holdCount(seg, 0);
        RobustMutex.setHoldCount(seg, 0, 1);
        RobustMutex.release(seg, 0, toString());
        return c;
    }

    /** Takes the lock back after a condition wait, with {@code count} holds. */
    void reacquire(int count) {
        try {
            RobustMutex.acquire(seg, 0, Waiting.FOREVER, false);
        } catch (InterruptedException e) {
            throw new AssertionError(e);
        }
        RobustMutex.setHoldCount(seg, 0, count);
    }

    @Override
    public boolean isLocked() {
        return RobustMutex.isLocked(seg, 0);
    }

    @Override
    public boolean isHeldByCurrentThread() {
        return RobustMutex.heldByCurrentThread(seg, 0);
    }

    @Override
    public int holdCount() {
        return RobustMutex.heldByCurrentThread(seg, 0) ? RobustMutex.holdCount(seg, 0) : 0;
    }

    @Override
    public boolean lastOwnerDied() {
        return RobustMutex.lastOwnerDied(seg, 0);
    }

    @Override
    public long deadOwnerPid() {
        return deadOwner;
    }

    @Override
    public void throwOnOwnerDeath(boolean yes) {
        RobustMutex.setPolicy(seg, 0, yes ? RobustMutex.POLICY_THROW : RobustMutex.POLICY_FLAG);
    }

    @Override
    public boolean throwsOnOwnerDeath() {
        return RobustMutex.policy(seg, 0) == RobustMutex.POLICY_THROW;
    }

    /** @return {@code true}: {@link #acquire} throws the owner-death exception, so a lock needs no check after it */
    @Override
    public boolean throwsOwnerDeathItself() {
        return true;
    }

    @Override
    public void close() {
        Handles.release(file);
    }

    @Serial
    private Object readResolve() {
        return new LocalLock(Handles.attach(name), reentrant);
    }

    @Override
    public String toString() {
        return (reentrant ? "ProcessRLock[" : "ProcessLock[") + name + "]";
    }
}
