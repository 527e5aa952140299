package io.multiprocessing4j.sync;

import io.multiprocessing4j.spi.LocalBackends;
import io.multiprocessing4j.spi.LockBackend;

import java.io.Serial;

/**
 * Python's {@code multiprocessing.RLock}: a re-entrant lock shared by processes, owned by one
 * thread of one process, which may lock it again and must unlock it as many times. A
 * {@link java.util.concurrent.locks.Lock}.
 *
 * <p><b>Owner death.</b> As {@link ProcessLock}: the next acquirer takes over a lock whose holder's
 * process died, with a hold count of one, and learns it through {@link #lastOwnerDied()} or a
 * {@link LockOwnerDiedException}.
 *
 * <p>Thread-safe, {@code Serializable} (re-attaches by name in another process). Obtain one from
 * {@code ctx.rlock()} or {@link #create()}.
 */
public final class ProcessRLock extends AbstractProcessLock {
    @Serial
    private static final long serialVersionUID = 1L;

    private ProcessRLock(LockBackend backend) {
        super(backend);
    }

    /**
     * For context providers ({@link io.multiprocessing4j.spi}): a lock whose every method delegates
     * to {@code backend}, as the cluster context's locks do. Applications use {@code ctx.rlock()}.
     *
     * @param backend the lock to delegate to
     * @return the lock
     */
    public static ProcessRLock backedBy(LockBackend backend) {
        return new ProcessRLock(java.util.Objects.requireNonNull(backend, "backend"));
    }

    /** @return a new, unlocked re-entrant lock */
    public static ProcessRLock create() {
        return new ProcessRLock(LocalBackends.get().lock(true));
    }

    @Override
    public ProcessRLock throwOnOwnerDeath(boolean yes) {
        super.throwOnOwnerDeath(yes);
        return this;
    }

    /** @return how many times the calling thread holds the lock (0 if it does not) */
    public int holdCount() {
        return backend.holdCount();
    }

    @Override
    boolean reentrant() {
        return true;
    }

    @Override
    String kind() {
        return "ProcessRLock";
    }

    @Serial
    private Object readResolve() {
        return new ProcessRLock(backend);
    }
}
