package io.multiprocessing4j.shared;

import io.multiprocessing4j.spi.LocalBackends;
import io.multiprocessing4j.spi.SharedSegment;
import io.multiprocessing4j.sync.ProcessRLock;

import java.io.Serial;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.lang.invoke.VarHandle;

/**
 * Python's {@code multiprocessing.Value('h')} and {@code Value('H')} (and {@code RawValue}): one
 * 16-bit integer in shared memory that every process holding this handle reads and writes.
 *
 * <p>The same two bytes serve both typecodes: {@link #get()} reads them as a signed {@code short}
 * ({@code 'h'}), {@link #getUnsigned()} as {@code 0..65535} ({@code 'H'}). {@link #setUnsigned}
 * refuses a value outside {@code 0..65535} with {@link IllegalArgumentException} (ctypes would
 * silently keep the low 16 bits); the arithmetic methods wrap around as C's {@code short} does.
 *
 * <p>Reads and writes are single atomic (volatile) accesses; {@link #getAndSet},
 * {@link #compareAndSet} and {@link #addAndGet} are atomic and need no lock. For a compound update
 * spanning several values, hold {@link #getLock()} (a {@link ProcessRLock}, Python's synchronized
 * wrapper). A raw value ({@code ctx.rawSharedShort(v)}) has no lock.
 *
 * <p>Thread-safe; {@code Serializable}: passed to another process it re-attaches by name. The
 * memory is unlinked once no live process uses it (see {@link #close()}).
 */
public final class SharedShort extends SharedHandle {
    @Serial
    private static final long serialVersionUID = 1L;
    private static final VarHandle H = ValueLayout.JAVA_SHORT.varHandle();

    private final transient MemorySegment seg;

    private SharedShort(SharedSegment file, ProcessRLock lock) {
        super(file, lock);
        this.seg = file.segment();
    }

    /** @return a new shared value with its own lock (Python's {@code Value('h', initial)}) */
    public static SharedShort create(short initial) {
        return create(initial, true);
    }

    /** @return a new shared value without a lock (Python's {@code RawValue('h', initial)}) */
    public static SharedShort createRaw(short initial) {
        return create(initial, false);
    }

    /**
     * @param initial the value, {@code 0..65535}
     * @return a new shared value with its own lock (Python's {@code Value('H', initial)})
     * @throws IllegalArgumentException if {@code initial} is outside {@code 0..65535}
     */
    public static SharedShort createUnsigned(int initial) {
        return create(checkUnsigned(initial), true);
    }

    private static SharedShort create(short initial, boolean withLock) {
        SharedShort v = new SharedShort(LocalBackends.get().segment(64), withLock ? ProcessRLock.create() : null);
        v.set(initial);
        return v;
    }

    static short checkUnsigned(int value) {
        if (value < 0 || value > 0xFFFF) {
            throw new IllegalArgumentException("an unsigned short ('H') holds 0..65535, got " + value);
        }
        return (short) value;
    }

    /** @return the current value as a signed short (Python's {@code .value} of {@code 'h'}) */
    public short get() {
        return (short) H.getVolatile(seg, 0L);
    }

    /** @return the current value as {@code 0..65535} (Python's {@code .value} of {@code 'H'}) */
    public int getUnsigned() {
        return Short.toUnsignedInt(get());
    }

    /** Sets the value. */
    public void set(short value) {
        H.setVolatile(seg, 0L, value);
    }

    /**
     * Sets the value of an unsigned ({@code 'H'}) value.
     *
     * @throws IllegalArgumentException if {@code value} is outside {@code 0..65535}
     */
    public void setUnsigned(int value) {
        set(checkUnsigned(value));
    }

    /** Atomically sets the value; @return the previous value. */
    public short getAndSet(short value) {
        return (short) SubWord.getAndSet(seg, 0L, 2, value);
    }

    /** Atomically adds {@code delta}, wrapping around at 16 bits; @return the new value (signed). */
    public short addAndGet(int delta) {
        return (short) (SubWord.getAndAdd(seg, 0L, 2, delta) + delta);
    }

    /** Atomically adds one; @return the new value (signed). */
    public short incrementAndGet() {
        return addAndGet(1);
    }

    /** Atomically subtracts one; @return the new value (signed). */
    public short decrementAndGet() {
        return addAndGet(-1);
    }

    /** Atomically sets the value to {@code update} if it equals {@code expected}; @return whether it did. */
    public boolean compareAndSet(short expected, short update) {
        return SubWord.compareAndSet(seg, 0L, 2, expected, update);
    }

    @Serial
    private Object readResolve() {
        return new SharedShort(file, lock);
    }

    @Override
    public String toString() {
        return "SharedShort[" + name + (file.isOpen() ? ", value=" + get() : ", closed") + "]";
    }
}
