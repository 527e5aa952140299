package io.multiprocessing4j.shared;

import io.multiprocessing4j.spi.LocalBackends;
import io.multiprocessing4j.spi.SharedSegment;
import io.multiprocessing4j.sync.ProcessRLock;

import java.io.Serial;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.lang.invoke.VarHandle;

/**
 * Python's {@code multiprocessing.Value('f')} (and {@code RawValue('f')}): one {@code float} in
 * shared memory that every process holding this handle reads and writes.
 *
 * <p>{@link #get()} and {@link #set} are single atomic (volatile) accesses; {@link #getAndSet},
 * {@link #compareAndSet} and {@link #addAndGet} are atomic and need no lock. For a compound update
 * spanning several values, hold {@link #getLock()}, a {@link ProcessRLock} as in Python's
 * synchronized wrapper. A raw value ({@code ctx.rawSharedFloat(v)}) has no lock.
 *
 * <p>Thread-safe; {@code Serializable}: passed to another process it re-attaches by name. The
 * memory is unlinked once no live process uses it (see {@link #close()}).
 */
public final class SharedFloat extends SharedHandle {
    @Serial
    private static final long serialVersionUID = 1L;
    private static final VarHandle H = ValueLayout.JAVA_INT.varHandle();

    private final transient MemorySegment seg;

    private SharedFloat(SharedSegment file, ProcessRLock lock) {
        super(file, lock);
        this.seg = file.segment();
    }

    /** @return a new shared value with its own lock (Python's {@code Value('f', initial)}) */
    public static SharedFloat create(float initial) {
        return create(initial, true);
    }

    /** @return a new shared value without a lock (Python's {@code RawValue('f', initial)}) */
    public static SharedFloat createRaw(float initial) {
        return create(initial, false);
    }

    private static SharedFloat create(float initial, boolean withLock) {
        SharedFloat v = new SharedFloat(LocalBackends.get().segment(64), withLock ? ProcessRLock.create() : null);
        v.set(initial);
        return v;
    }

    /** @return the current value (Python's {@code .value}) */
    public float get() {
        return Float.intBitsToFloat((int) H.getVolatile(seg, 0L));
    }

    /** Sets the value. */
    public void set(float value) {
        H.setVolatile(seg, 0L, Float.floatToRawIntBits(value));
    }

    /** Atomically sets the value; @return the previous value. */
    public float getAndSet(float value) {
        return Float.intBitsToFloat((int) H.getAndSet(seg, 0L, Float.floatToRawIntBits(value)));
    }

    /** Atomically adds {@code delta} (a compare-and-set loop); @return the new value. No lock needed. */
    public float addAndGet(float delta) {
        while (true) {
            int old = (int) H.getVolatile(seg, 0L);
            float next = Float.intBitsToFloat(old) + delta;
            if (H.compareAndSet(seg, 0L, old, Float.floatToRawIntBits(next))) {
                return next;
            }
        }
    }

    /**
     * Atomically sets the value to {@code update} if it is bit for bit {@code expected}
     * (so {@code NaN} matches {@code NaN} and {@code 0.0f} does not match {@code -0.0f}).
     *
     * @return whether it did
     */
    public boolean compareAndSet(float expected, float update) {
        return H.compareAndSet(seg, 0L, Float.floatToRawIntBits(expected), Float.floatToRawIntBits(update));
    }

    @Serial
    private Object readResolve() {
        return new SharedFloat(file, lock);
    }

    @Override
    public String toString() {
        return "SharedFloat[" + name + (file.isOpen() ? ", value=" + get() : ", closed") + "]";
    }
}
