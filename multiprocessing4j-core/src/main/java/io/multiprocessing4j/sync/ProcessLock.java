package io.multiprocessing4j.sync;

import io.multiprocessing4j.spi.LocalBackends;
import io.multiprocessing4j.spi.LockBackend;

import java.io.Serial;

/**
 * Python's {@code multiprocessing.Lock}: a mutual-exclusion lock shared by processes, and a
 * {@link java.util.concurrent.locks.Lock}. Not re-entrant (locking it twice from one thread
 * throws {@code IllegalStateException} instead of hanging); only the thread that locked it may
 * unlock it.
 *
 * <p><b>Owner death.</b> If the holder's process dies (even by SIGKILL), the next acquirer takes
 * the lock over within about 50 ms of waiting and learns it through {@link #lastOwnerDied()}, or
 * through a {@link LockOwnerDiedException} when {@link #throwOnOwnerDeath(boolean)} is set. CPython's
 * lock stays held forever (gh-88304).
 *
 * <p>Thread-safe; usable from any process. {@code Serializable}: passed to another process (as a
 * process argument, pool initializer argument or inside a task) it re-attaches to the same lock by
 * name. Waiting from a virtual thread does not pin its carrier. Obtain one from
 * {@code ctx.lock()} or {@link #create()}.
 */
public final class ProcessLock extends AbstractProcessLock {
    @Serial
    private static final long serialVersionUID = 1L;

    private ProcessLock(LockBackend backend) {
        super(backend);
    }

    /**
     * For context providers ({@link io.multiprocessing4j.spi}): a lock whose every method delegates
     * to {@code backend}, as the cluster context's locks do. Applications use {@code ctx.lock()}.
     *
     * @param backend the lock to delegate to
     * @return the lock
     */
    public static ProcessLock backedBy(LockBackend backend) {
        return new ProcessLock(java.util.Objects.requireNonNull(backend, "backend"));
    }

    /** @return a new, unlocked lock */
    public static ProcessLock create() {
        return new ProcessLock(LocalBackends.get().lock(false));
    }

    @Override
    public ProcessLock throwOnOwnerDeath(boolean yes) {
        super.throwOnOwnerDeath(yes);
        return this;
    }

    @Override
    boolean reentrant() {
        return false;
    }

    @Override
    String kind() {
        return "ProcessLock";
    }

    @Serial
    private Object readResolve() {
        return new ProcessLock(backend);
    }
}
