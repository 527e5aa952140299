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
 * Python's {@code multiprocessing.Value('q')} (and {@code RawValue}): one {@code long} in shared
 * memory that every process holding this handle reads and writes.
 *
 * <p>{@link #get()} and {@link #set} are single atomic (volatile) accesses; the atomic
 * read-modify-write methods ({@code addAndGet}, {@code compareAndSet}...) need no lock, which is
 * what most users of Python's {@code Value} + {@code get_lock()} want. For a compound update
 * spanning several values, hold {@link #getLock()}, a {@link ProcessRLock} as in Python's
 * synchronized wrapper. A raw value ({@code ctx.rawSharedLong(v)}) has no lock.
 *
 * <p>Thread-safe; {@code Serializable}: passed to another process it re-attaches by name. The
 * memory is unlinked once no live process uses it (see {@link #close()}).
 */
public final class SharedLong extends SharedHandle {
    @Serial
    private static final long serialVersionUID = 1L;
    private static final VarHandle H = ValueLayout.JAVA_LONG.varHandle();

    private final transient MemorySegment seg;

    private SharedLong(SharedSegment file, ProcessRLock lock) {
        super(file, lock);
        this.seg = file.segment();
    }

    private SharedLong(ValueBackend backend, ProcessRLock lock) {
        super(backend, lock);
        this.seg = null;
    }

    /**
     * For context providers ({@link io.multiprocessing4j.spi}): a value whose every method
     * delegates to {@code backend}, as the cluster context's do. Applications use {@code ctx.sharedLong(v)}.
     *
     * @param backend the atomic word to delegate to
     * @param lock its lock ({@link #getLock()}), or null for a raw value
     * @return the value
     */
    public static SharedLong backedBy(ValueBackend backend, ProcessRLock lock) {
        return new SharedLong(java.util.Objects.requireNonNull(backend, "backend"), lock);
    }

    /** @return a new shared value with its own lock (Python's {@code Value('q', initial)}) */
    public static SharedLong create(long initial) {
        return create(initial, true);
    }

    /** @return a new shared value without a lock (Python's {@code RawValue('q', initial)}) */
    public static SharedLong createRaw(long initial) {
        return create(initial, false);
    }

    private static SharedLong create(long initial, boolean withLock) {
        SharedLong v = new SharedLong(LocalBackends.get().segment(64), withLock ? ProcessRLock.create() : null);
        v.set(initial);
        return v;
    }

    /** @return the current value (Python's {@code .value}) */
    public long get() {
        if (backend != null) {
            return backend.get();
        }
        return (long) H.getVolatile(seg, 0L);
    }

    /** Sets the value. */
    public void set(long value) {
        if (backend != null) {
            backend.set(value);
            return;
        }
        H.setVolatile(seg, 0L, value);
    }

    /** Atomically sets the value; @return the previous value. */
    public long getAndSet(long value) {
        if (backend != null) {
            return backend.getAndSet(value);
        }
        return (long) H.getAndSet(seg, 0L, value);
    }

    /** Atomically adds one; @return the new value. No lock needed. */
    public long incrementAndGet() {
        if (backend != null) {
            return (backend.getAndAdd(1) + 1);
        }
        return (long) H.getAndAdd(seg, 0L, (long) 1) + 1;
    }

    /** Atomically subtracts one; @return the new value. */
    public long decrementAndGet() {
        if (backend != null) {
            return (backend.getAndAdd(-1) - 1);
        }
        return (long) H.getAndAdd(seg, 0L, (long) -1) - 1;
    }

    /** Atomically adds {@code delta}; @return the new value. */
    public long addAndGet(long delta) {
        if (backend != null) {
            return (backend.getAndAdd(delta) + delta);
        }
        return (long) H.getAndAdd(seg, 0L, delta) + delta;
    }

    /** Atomically adds {@code delta}; @return the previous value. */
    public long getAndAdd(long delta) {
        if (backend != null) {
            return backend.getAndAdd(delta);
        }
        return (long) H.getAndAdd(seg, 0L, delta);
    }

    /** Atomically sets the value to {@code update} if it equals {@code expected}; @return whether it did. */
    public boolean compareAndSet(long expected, long update) {
        if (backend != null) {
            return backend.compareAndSet(expected, update);
        }
        return H.compareAndSet(seg, 0L, expected, update);
    }

    @Serial
    private Object readResolve() {
        if (backend != null) {
            return new SharedLong(backend, lock);
        }
        return new SharedLong(file, lock);
    }

    @Override
    public String toString() {
        return "SharedLong[" + name + state(backend != null || file.isOpen() ? String.valueOf(get()) : "") + "]";
    }
}
