package io.multiprocessing4j.sync;

import io.multiprocessing4j.internal.ipc.Futex;
import io.multiprocessing4j.internal.ipc.Handles;
import io.multiprocessing4j.internal.ipc.Pids;
import io.multiprocessing4j.internal.ipc.ShmFile;
import io.multiprocessing4j.internal.ipc.Waiting;
import io.multiprocessing4j.spi.SemaphoreBackend;

import java.io.Serial;
import java.io.Serializable;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.lang.invoke.VarHandle;
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
    private static final VarHandle INT = ValueLayout.JAVA_INT.varHandle();
    private static final long COUNT = 0;
    private static final long WAITERS = 4;
    private static final long BOUND = 8;
    private static final long NO_RECOVERY = 12;
    private static final long SLOTS_AT = 64;
    private static final int SLOTS = 64;
    private static final int RECLAIMING = -1;

    private final String name;
    private final transient ShmFile file;
    private final transient MemorySegment seg;
    private final transient ThreadLocal<boolean[]> recovered = ThreadLocal.withInitial(() -> new boolean[1]);
    /** Null for a semaphore in shared memory; else the context's semaphore it delegates to. */
    private final SemaphoreBackend backend;

    private ProcessSemaphore(ShmFile file) {
        this.name = file.name();
        this.file = file;
        this.seg = file.segment();
        this.backend = null;
    }

    private ProcessSemaphore(SemaphoreBackend backend) {
        this.name = backend.name();
        this.file = null;
        this.seg = null;
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
        ProcessSemaphore s = new ProcessSemaphore(Handles.create(SLOTS_AT + SLOTS * 8L));
        INT.setVolatile(s.seg, COUNT, permits);
        INT.setVolatile(s.seg, BOUND, bounded ? permits : -1);
        return s;
    }

    /** Takes a permit, waiting as long as it takes. */
    public void acquire() throws InterruptedException {
        acquireUntil(Waiting.FOREVER);
    }

    /** @return whether a permit was taken within the timeout */
    public boolean tryAcquire(long timeout, TimeUnit unit) throws InterruptedException {
        return acquireUntil(Waiting.deadline(Math.max(timeout, 0), unit));
    }

    /** As {@link #tryAcquire(long, TimeUnit)}. */
    public boolean tryAcquire(Duration timeout) throws InterruptedException {
        return tryAcquire(timeout.toNanos(), TimeUnit.NANOSECONDS);
    }

    /** @return whether a permit was free and taken (Python's {@code acquire(block=False)}) */
    public boolean tryAcquire() {
        if (backend != null) {
            return backend.tryAcquire();
        }
        recovered.get()[0] = false;
        return take();
    }

    private boolean take() {
        while (true) {
            int c = (int) INT.getVolatile(seg, COUNT);
            if (c <= 0) {
                return false;
            }
            if (INT.compareAndSet(seg, COUNT, c, c - 1)) {
                int slot = mySlot();
                if (slot >= 0) {
                    INT.getAndAdd(seg, heldOf(slot), 1);
                }
                return true;
            }
        }
    }

    private boolean acquireUntil(long deadline) throws InterruptedException {
        if (backend != null) {
            return backend.acquire(deadline);
        }
        recovered.get()[0] = false;
        if (take()) {
            return true;
        }
        if (Waiting.spinWhile(seg, COUNT, 0) && take()) {
            return true;
        }
        long nextCheck = System.nanoTime() + Waiting.SLICE_NANOS;
        INT.getAndAdd(seg, WAITERS, 1);
        try {
            while (!take()) {
                Waiting.checkInterrupt();
                if (deadline != Waiting.FOREVER && System.nanoTime() - deadline >= 0) {
                    return false;
                }
                Waiting.sleepSlice(seg, COUNT, 0, deadline);
                if (System.nanoTime() - nextCheck >= 0) {
                    nextCheck = System.nanoTime() + Waiting.SLICE_NANOS;
                    if (reclaimFromDeadProcesses() > 0) {
                        recovered.get()[0] = true;
                    }
                }
            }
            return true;
        } finally {
            INT.getAndAdd(seg, WAITERS, -1);
        }
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
        if (backend != null) {
            backend.release(n);
            return;
        }
        int bound = (int) INT.getVolatile(seg, BOUND);
        while (true) {
            int c = (int) INT.getVolatile(seg, COUNT);
            if (bound >= 0 && c + n > bound) {
                throw new IllegalStateException("BoundedSemaphore " + name + " released too many times: it has "
                        + c + " of " + bound + " permits free");
            }
            if (INT.compareAndSet(seg, COUNT, c, c + n)) {
                break;
            }
        }
        int slot = mySlot();
        int left = n;
        if (slot >= 0) {
            long held = heldOf(slot);
            while (left > 0) {
                int h = (int) INT.getVolatile(seg, held);
                if (h <= 0) {
                    break;
                }
                int give = Math.min(h, left);
                if (INT.compareAndSet(seg, held, h, h - give)) {
                    left -= give;
                }
            }
        }
        if (left > 0) {
            INT.setVolatile(seg, NO_RECOVERY, 1); // released permits it did not take: signalling use
        }
        if ((int) INT.getVolatile(seg, WAITERS) > 0) {
            Futex.wake(seg, COUNT, n);
        }
    }

    /** @return the number of free permits (Python's {@code get_value()}) */
    public int availablePermits() {
        if (backend != null) {
            return backend.availablePermits();
        }
        return (int) INT.getVolatile(seg, COUNT);
    }

    /** @return whether this thread's latest acquisition followed the return of permits held by a dead process */
    public boolean lastOwnerDied() {
        if (backend != null) {
            return backend.lastOwnerDied();
        }
        return recovered.get()[0];
    }

    private static long pidOf(int slot) {
        return SLOTS_AT + slot * 8L;
    }

    private static long heldOf(int slot) {
        return pidOf(slot) + 4;
    }

    private transient int slot = -2;

    private int mySlot() {
        int s = slot;
        if (s != -2) {
            return s;
        }
        synchronized (this) {
            if (slot != -2) {
                return slot;
            }
            int me = (int) Pids.SELF;
            int found = -1;
            for (int i = 0; i < SLOTS && found < 0; i++) {
                if ((int) INT.getVolatile(seg, pidOf(i)) == me) {
                    found = i;
                }
            }
            for (int i = 0; i < SLOTS && found < 0; i++) {
                if (INT.compareAndSet(seg, pidOf(i), 0, me)) {
                    found = i;
                }
            }
            slot = found;
            return found;
        }
    }

    /** @return how many permits were returned from processes that died holding them */
    private int reclaimFromDeadProcesses() {
        if ((int) INT.getVolatile(seg, NO_RECOVERY) != 0) {
            return 0;
        }
        int total = 0;
        for (int i = 0; i < SLOTS; i++) {
            int pid = (int) INT.getVolatile(seg, pidOf(i));
            if (pid <= 0 || (int) INT.getVolatile(seg, heldOf(i)) <= 0 || Pids.isAlive(pid)) {
                continue;
            }
            if (INT.compareAndSet(seg, pidOf(i), pid, RECLAIMING)) {
                int held = (int) INT.getAndSet(seg, heldOf(i), 0);
                INT.getAndAdd(seg, COUNT, held);
                INT.setVolatile(seg, pidOf(i), 0);
                total += held;
            }
        }
        if (total > 0) {
            Futex.wake(seg, COUNT, total);
        }
        return total;
    }

    public String name() {
        return name;
    }

    /** Releases this process's use of the semaphore; it is unlinked once no live process uses it. */
    @Override
    public void close() {
        if (backend != null) {
            backend.close();
            return;
        }
        Handles.release(file);
    }

    @Serial
    private Object readResolve() {
        if (backend != null) {
            return new ProcessSemaphore(backend);
        }
        return new ProcessSemaphore(Handles.attach(name));
    }

    @Override
    public String toString() {
        return "ProcessSemaphore[" + name + ", " + availablePermits() + " free]";
    }
}
