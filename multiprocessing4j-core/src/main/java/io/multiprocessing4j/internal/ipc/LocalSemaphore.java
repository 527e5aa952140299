package io.multiprocessing4j.internal.ipc;

import io.multiprocessing4j.spi.SemaphoreBackend;

import java.io.Serial;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.lang.invoke.VarHandle;

/**
 * The counting semaphore under a {@code ProcessSemaphore} of the local contexts.
 *
 * <p>Implementation notes. Shared memory holds the free permits (the futex word), the number of
 * waiters, the bound ({@code -1}: unbounded), a flag that switches recovery off, and from offset
 * 64 a table of 64 slots, each a pid and the permits that process holds. A waiter that has slept a
 * slice returns the permits of dead processes (a slot is claimed with a CAS to {@code -1}, so only
 * one waiter returns them). A release of permits a process did not take marks the semaphore as a
 * signal, whose permits have no owner, and switches recovery off for good. Serialized, it is its
 * name; this process's slot is found again on first use.
 */
public final class LocalSemaphore implements SemaphoreBackend {
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

    private LocalSemaphore(ShmFile file) {
        this.name = file.name();
        this.file = file;
        this.seg = file.segment();
    }

    /** @return a new semaphore with {@code permits} free, refusing releases beyond them if {@code bounded} */
    public static LocalSemaphore create(int permits, boolean bounded) {
        LocalSemaphore s = new LocalSemaphore(Handles.create(SLOTS_AT + SLOTS * 8L));
        INT.setVolatile(s.seg, COUNT, permits);
        INT.setVolatile(s.seg, BOUND, bounded ? permits : -1);
        return s;
    }

    /** @return whether a permit was free and taken (Python's {@code acquire(block=False)}) */
    @Override
    public boolean tryAcquire() {
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

    @Override
    public boolean acquire(long deadline) throws InterruptedException {
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

    @Override
    public void release(int n) {
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
    @Override
    public int availablePermits() {
        return (int) INT.getVolatile(seg, COUNT);
    }

    /** @return whether this thread's latest acquisition followed the return of permits held by a dead process */
    @Override
    public boolean lastOwnerDied() {
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

    @Override
    public String name() {
        return name;
    }

    @Override
    public void close() {
        Handles.release(file);
    }

    @Serial
    private Object readResolve() {
        return new LocalSemaphore(Handles.attach(name));
    }

    @Override
    public String toString() {
        return "ProcessSemaphore[" + name + ", " + availablePermits() + " free]";
    }
}
