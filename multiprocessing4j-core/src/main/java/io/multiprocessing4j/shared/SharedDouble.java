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
 * Python's {@code multiprocessing.Value('d')} (and {@code RawValue}): one {@code double} in shared
 * memory that every process holding this handle reads and writes.
 *
 * <p>{@link #get()} and {@link #set} are single atomic (volatile) accesses; the atomic
 * read-modify-write methods ({@code addAndGet}, {@code compareAndSet}...) need no lock, which is
 * what most users of Python's {@code Value} + {@code get_lock()} want. For a compound update
 * spanning several values, hold {@link #getLock()}, a {@link ProcessRLock} as in Python's
 * synchronized wrapper. A raw value ({@code ctx.rawSharedDouble(v)}) has no lock.
 *
 * <p>Thread-safe; {@code Serializable}: passed to another process it re-attaches by name. The
 * memory is unlinked once no live process uses it (see {@link #close()}).
 */
public final class SharedDouble extends SharedHandle {
    @Serial
    private static final long serialVersionUID = 1L;
    private static final VarHandle H = ValueLayout.JAVA_LONG.varHandle();

    private final transient MemorySegment seg;

    private SharedDouble(SharedSegment file, ProcessRLock lock) {
        super(file, lock);
        this.seg = file.segment();
    }

    private SharedDouble(ValueBackend backend, ProcessRLock lock) {
        super(backend, lock);
        this.seg = null;
    }

    /**
     * For context providers ({@link io.multiprocessing4j.spi}): a value whose every method
     * delegates to {@code backend} (the double's bits), as the cluster context's do. Applications
     * use {@code ctx.sharedDouble(v)}.
     *
     * @param backend the atomic word to delegate to
     * @param lock its lock ({@link #getLock()}), or null for a raw value
     * @return the value
     */
    public static SharedDouble backedBy(ValueBackend backend, ProcessRLock lock) {
        return new SharedDouble(java.util.Objects.requireNonNull(backend, "backend"), lock);
    }

    /** @return a new shared value with its own lock (Python's {@code Value('d', initial)}) */
    public static SharedDouble create(double initial) {
        return create(initial, true);
    }

    /** @return a new shared value without a lock (Python's {@code RawValue('d', initial)}) */
    public static SharedDouble createRaw(double initial) {
        return create(initial, false);
    }

    private static SharedDouble create(double initial, boolean withLock) {
        SharedDouble v = new SharedDouble(LocalBackends.get().segment(64), withLock ? ProcessRLock.create() : null);
        v.set(initial);
        return v;
    }

    /** @return the current value (Python's {@code .value}) */
    public double get() {
        if (backend != null) {
            return Double.longBitsToDouble(backend.get());
        }
        return Double.longBitsToDouble((long) H.getVolatile(seg, 0L));
    }

    /** Sets the value. */
    public void set(double value) {
        if (backend != null) {
            backend.set(Double.doubleToRawLongBits(value));
            return;
        }
        H.setVolatile(seg, 0L, Double.doubleToRawLongBits(value));
    }

    /** Atomically sets the value; @return the previous value. */
    public double getAndSet(double value) {
        if (backend != null) {
            return Double.longBitsToDouble(backend.getAndSet(Double.doubleToRawLongBits(value)));
        }
        return Double.longBitsToDouble((long) H.getAndSet(seg, 0L, Double.doubleToRawLongBits(value)));
    }

    /** Atomically adds {@code delta} (a compare-and-set loop); @return the new value. No lock needed. */
    public double addAndGet(double delta) {
        while (backend != null) {
            long old = backend.get();
            double next = Double.longBitsToDouble(old) + delta;
            if (backend.compareAndSet(old, Double.doubleToRawLongBits(next))) {
                return next;
            }
        }
        while (true) {
            long old = (long) H.getVolatile(seg, 0L);
            double next = Double.longBitsToDouble(old) + delta;
            if (H.compareAndSet(seg, 0L, old, Double.doubleToRawLongBits(next))) {
                return next;
            }
        }
    }

    /**
     * Atomically sets the value to {@code update} if it is bit for bit {@code expected}
     * (so {@code NaN} matches {@code NaN} and {@code 0.0} does not match {@code -0.0}).
     *
     * @return whether it did
     */
    public boolean compareAndSet(double expected, double update) {
        if (backend != null) {
            return backend.compareAndSet(Double.doubleToRawLongBits(expected), Double.doubleToRawLongBits(update));
        }
        return H.compareAndSet(seg, 0L, Double.doubleToRawLongBits(expected), Double.doubleToRawLongBits(update));
    }

    @Serial
    private Object readResolve() {
        if (backend != null) {
            return new SharedDouble(backend, lock);
        }
        return new SharedDouble(file, lock);
    }

    @Override
    public String toString() {
        return "SharedDouble[" + name + state(backend != null || file.isOpen() ? String.valueOf(get()) : "") + "]";
    }
}
