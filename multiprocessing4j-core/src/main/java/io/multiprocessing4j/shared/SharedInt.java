package io.multiprocessing4j.shared;

import io.multiprocessing4j.spi.LocalBackends;
import io.multiprocessing4j.spi.SharedSegment;
import io.multiprocessing4j.spi.ValueBackend;
import io.multiprocessing4j.sync.ProcessRLock;

import java.io.Serial;
import java.io.Serializable;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.lang.invoke.VarHandle;

/**
 * Python's {@code multiprocessing.Value('i')} (and {@code RawValue}): one {@code int} in shared
 * memory that every process holding this handle reads and writes.
 *
 * <p>{@link #get()} and {@link #set} are single atomic (volatile) accesses; the atomic
 * read-modify-write methods ({@code addAndGet}, {@code compareAndSet}...) need no lock, which is
 * what most users of Python's {@code Value} + {@code get_lock()} want. For a compound update
 * spanning several values, hold {@link #getLock()}, a {@link ProcessRLock} as in Python's
 * synchronized wrapper. A raw value ({@code ctx.rawSharedInt(v)}) has no lock.
 *
 * <p>Thread-safe; {@code Serializable}: passed to another process it re-attaches by name. The
 * memory is unlinked once no live process uses it (see {@link #close()}).
 */
public final class SharedInt extends SharedHandle {
    @Serial
    private static final long serialVersionUID = 1L;
    private static final VarHandle H = ValueLayout.JAVA_INT.varHandle();

    private final transient MemorySegment seg;

    private SharedInt(SharedSegment file, ProcessRLock lock) {
        super(file, lock);
        this.seg = file.segment();
    }

    private SharedInt(ValueBackend backend, ProcessRLock lock) {
        super(backend, lock);
        this.seg = null;
    }

    /**
     * For context providers ({@link io.multiprocessing4j.spi}): a value whose every method
     * delegates to {@code backend}, as the cluster context's do. Applications use {@code ctx.sharedInt(v)}.
     *
     * @param backend the atomic word to delegate to
     * @param lock its lock ({@link #getLock()}), or null for a raw value
     * @return the value
     */
    public static SharedInt backedBy(ValueBackend backend, ProcessRLock lock) {
        return new SharedInt(java.util.Objects.requireNonNull(backend, "backend"), lock);
    }

    /** @return a new shared value with its own lock (Python's {@code Value('i', initial)}) */
    public static SharedInt create(int initial) {
        return create(initial, true);
    }

    /** @return a new shared value without a lock (Python's {@code RawValue('i', initial)}) */
    public static SharedInt createRaw(int initial) {
        return create(initial, false);
    }

    private static SharedInt create(int initial, boolean withLock) {
        SharedInt v = new SharedInt(LocalBackends.get().segment(64), withLock ? ProcessRLock.create() : null);
        v.set(initial);
        return v;
    }

    /** @return the current value (Python's {@code .value}) */
    public int get() {
        if (backend != null) {
            return (int) backend.get();
        }
        return (int) H.getVolatile(seg, 0L);
    }

    /** Sets the value. */
    public void set(int value) {
        if (backend != null) {
            backend.set(value);
            return;
        }
        H.setVolatile(seg, 0L, value);
    }

    /** Atomically sets the value; @return the previous value. */
    public int getAndSet(int value) {
        if (backend != null) {
            return (int) backend.getAndSet(value);
        }
        return (int) H.getAndSet(seg, 0L, value);
    }

    /** Atomically adds one; @return the new value. No lock needed. */
    public int incrementAndGet() {
        if (backend != null) {
            return (int) (backend.getAndAdd(1) + 1);
        }
        return (int) H.getAndAdd(seg, 0L, 1) + 1;
    }

    /** Atomically subtracts one; @return the new value. */
    public int decrementAndGet() {
        if (backend != null) {
            return (int) (backend.getAndAdd(-1) - 1);
        }
        return (int) H.getAndAdd(seg, 0L, -1) - 1;
    }

    /** Atomically adds {@code delta}; @return the new value. */
    public int addAndGet(int delta) {
        if (backend != null) {
            return (int) (backend.getAndAdd(delta) + delta);
        }
        return (int) H.getAndAdd(seg, 0L, delta) + delta;
    }

    /** Atomically adds {@code delta}; @return the previous value. */
    public int getAndAdd(int delta) {
        if (backend != null) {
            return (int) backend.getAndAdd(delta);
        }
        return (int) H.getAndAdd(seg, 0L, delta);
    }

    /** Atomically sets the value to {@code update} if it equals {@code expected}; @return whether it did. */
    public boolean compareAndSet(int expected, int update) {
        if (backend != null) {
            return intCompareAndSet(expected, update);
        }
        return H.compareAndSet(seg, 0L, expected, update);
    }

    /** The backend's word may hold more than 32 bits after wrapping adds: compare its low 32 bits. */
    private boolean intCompareAndSet(int expected, int update) {
        while (true) {
            long w = backend.get();
            if ((int) w != expected) {
                return false;
            }
            if (backend.compareAndSet(w, update)) {
                return true;
            }
        }
    }

    @Serial
    private Object readResolve() {
        if (backend != null) {
            return new SharedInt(backend, lock);
        }
        return new SharedInt(file, lock);
    }

    @Override
    public String toString() {
        return "SharedInt[" + name + state(backend != null || file.isOpen() ? String.valueOf(get()) : "") + "]";
    }
}
