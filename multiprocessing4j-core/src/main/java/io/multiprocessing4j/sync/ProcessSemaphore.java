package io.multiprocessing4j.sync;

import io.multiprocessing4j.spi.LocalBackends;
import io.multiprocessing4j.spi.SemaphoreBackend;

import java.io.Serial;
import java.io.Serializable;
import java.time.Duration;
import java.util.concurrent.TimeUnit;

/**
 * Python's {@code multiprocessing.Semaphore} and {@code BoundedSemaphore}: a counter of permits
 * shared by processes. {@link #acquire()} takes one, waiting while there is none;
 * {@link #release()} gives one back. A bounded semaphore refuses a release that would exceed its
 * initial value ({@code IllegalStateException}, Python's {@code ValueError}).
 *
 * <p><b>Owner death.</b> Each process's acquisitions are counted in shared memory. When a waiter
 * has waited a while (about 50 ms) it looks for processes that died holding permits and returns
 * their permits to the semaphore; the waiter that does so sees {@link #lastOwnerDied()} return
 * {@code true} after its acquisition. This fits the common use, a limit on concurrent use of a
 * resource where each process releases what it acquired. A semaphore used for signalling (one
 * process releases, another acquires) has no owners: once a process releases a permit it does
 * not hold, recovery is switched off for that semaphore and a dead process's permits stay taken,
 * as in CPython.
 *
 * <p>Thread-safe, {@code Serializable} (re-attaches by name). Obtain one from
 * {@code ctx.semaphore(n)}, {@code ctx.boundedSemaphore(n)}, {@link #create(int)} or {@link #createBounded(int)}.
 */
public final class ProcessSemaphore implements AutoCloseable, Serializable {
    @Serial
    private static final long serialVersionUID = 1L;

    private final String name;
    /** The semaphore every method delegates to: in shared memory, or another context's (serialized with it). */
    private final SemaphoreBackend backend;

    private ProcessSemaphore(SemaphoreBackend backend) {
        this.name = backend.name();
        this.backend = backend;
    }

    /**
     * For context providers ({@link io.multiprocessing4j.spi}): a semaphore whose every method
     * delegates to {@code backend}, as the cluster context's do. Applications use {@code ctx.semaphore(n)}.
     *
     * @param backend the semaphore to delegate to
     * @return the semaphore
     */
    public static ProcessSemaphore backedBy(SemaphoreBackend backend) {
        return new ProcessSemaphore(java.util.Objects.requireNonNull(backend, "backend"));
    }

    /** @return a semaphore with {@code permits} permits (Python's {@code Semaphore(value)}) */
    public static ProcessSemaphore create(int permits) {
        return create(permits, false);
    }

    /** @return a bounded semaphore (Python's {@code BoundedSemaphore(value)}) */
    public static ProcessSemaphore createBounded(int permits) {
        return create(permits, true);
    }

    private static ProcessSemaphore create(int permits, boolean bounded) {
        if (permits < 0) {
            throw new IllegalArgumentException("permits must be >= 0, got " + permits);
        }
        return new ProcessSemaphore(LocalBackends.get().semaphore(permits, bounded));
    }

    /** Takes a permit, waiting as long as it takes. */
    public void acquire() throws InterruptedException {
        acquireUntil(Deadlines.FOREVER);
    }

    /** @return whether a permit was taken within the timeout */
    public boolean tryAcquire(long timeout, TimeUnit unit) throws InterruptedException {
        return acquireUntil(Deadlines.after(Math.max(timeout, 0), unit));
    }

    /** As {@link #tryAcquire(long, TimeUnit)}. */
    public boolean tryAcquire(Duration timeout) throws InterruptedException {
        return tryAcquire(timeout.toNanos(), TimeUnit.NANOSECONDS);
    }

    /** @return whether a permit was free and taken (Python's {@code acquire(block=False)}) */
    public boolean tryAcquire() {
        return backend.tryAcquire();
    }

    private boolean acquireUntil(long deadline) throws InterruptedException {
        return backend.acquire(deadline);
    }

    /** Gives a permit back. */
    public void release() {
        release(1);
    }

    /**
     * Gives {@code n} permits back.
     *
     * @throws IllegalStateException if the semaphore is bounded and this would exceed its initial value
     */
    public void release(int n) {
        if (n < 1) {
            throw new IllegalArgumentException("n must be >= 1, got " + n);
        }
        backend.release(n);
    }

    /** @return the number of free permits (Python's {@code get_value()}) */
    public int availablePermits() {
        return backend.availablePermits();
    }

    /** @return whether this thread's latest acquisition followed the return of permits held by a dead process */
    public boolean lastOwnerDied() {
        return backend.lastOwnerDied();
    }

    public String name() {
        return name;
    }

    /** Releases this process's use of the semaphore; it is unlinked once no live process uses it. */
    @Override
    public void close() {
        backend.close();
    }

    @Serial
    private Object readResolve() {
        return new ProcessSemaphore(backend);
    }

    @Override
    public String toString() {
        return "ProcessSemaphore[" + name + ", " + availablePermits() + " free]";
    }
}
