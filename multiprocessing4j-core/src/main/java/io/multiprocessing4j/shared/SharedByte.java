package io.multiprocessing4j.shared;

import io.multiprocessing4j.spi.LocalBackends;
import io.multiprocessing4j.spi.SharedSegment;
import io.multiprocessing4j.sync.ProcessRLock;

import java.io.Serial;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.lang.invoke.VarHandle;

/**
 * Python's {@code multiprocessing.Value('b')} and {@code Value('B')} (and {@code RawValue}): one
 * 8-bit integer in shared memory that every process holding this handle reads and writes.
 *
 * <p>The same byte serves both typecodes, and Python's {@code Value('c', b'x')} (one C {@code char}) too: {@link #get()} reads it as a signed {@code byte}
 * ({@code 'b'}), {@link #getUnsigned()} as {@code 0..255} ({@code 'B'}). {@link #setUnsigned}
 * refuses a value outside {@code 0..255} with {@link IllegalArgumentException} (ctypes would
 * silently keep the low 8 bits); the arithmetic methods wrap around as C's {@code char} types do.
 *
 * <p>Reads and writes are single atomic (volatile) accesses; {@link #getAndSet},
 * {@link #compareAndSet} and {@link #addAndGet} are atomic and need no lock. For a compound update
 * spanning several values, hold {@link #getLock()} (a {@link ProcessRLock}, Python's synchronized
 * wrapper). A raw value ({@code ctx.rawSharedByte(v)}) has no lock.
 *
 * <p>Thread-safe; {@code Serializable}: passed to another process it re-attaches by name. The
 * memory is unlinked once no live process uses it (see {@link #close()}).
 */
public final class SharedByte extends SharedHandle {
    @Serial
    private static final long serialVersionUID = 1L;
    private static final VarHandle H = ValueLayout.JAVA_BYTE.varHandle();

    private final transient MemorySegment seg;

    private SharedByte(SharedSegment file, ProcessRLock lock) {
        super(file, lock);
        this.seg = file.segment();
    }

    /** @return a new shared value with its own lock (Python's {@code Value('b', initial)}) */
    public static SharedByte create(byte initial) {
        return create(initial, true);
    }

    /** @return a new shared value without a lock (Python's {@code RawValue('b', initial)}) */
    public static SharedByte createRaw(byte initial) {
        return create(initial, false);
    }

    /**
     * @param initial the value, {@code 0..255}
     * @return a new shared value with its own lock (Python's {@code Value('B', initial)})
     * @throws IllegalArgumentException if {@code initial} is outside {@code 0..255}
     */
    public static SharedByte createUnsigned(int initial) {
        return create(checkUnsigned(initial), true);
    }

    private static SharedByte create(byte initial, boolean withLock) {
        SharedByte v = new SharedByte(LocalBackends.get().segment(64), withLock ? ProcessRLock.create() : null);
        v.set(initial);
        return v;
    }

    static byte checkUnsigned(int value) {
        if (value < 0 || value > 0xFF) {
            throw new IllegalArgumentException("an unsigned byte ('B') holds 0..255, got " + value);
        }
        return (byte) value;
    }

    /** @return the current value as a signed byte (Python's {@code .value} of {@code 'b'}) */
    public byte get() {
        return (byte) H.getVolatile(seg, 0L);
    }

    /** @return the current value as {@code 0..255} (Python's {@code .value} of {@code 'B'}) */
    public int getUnsigned() {
        return Byte.toUnsignedInt(get());
    }

    /** Sets the value. */
    public void set(byte value) {
        H.setVolatile(seg, 0L, value);
    }

    /**
     * Sets the value of an unsigned ({@code 'B'}) value.
     *
     * @throws IllegalArgumentException if {@code value} is outside {@code 0..255}
     */
    public void setUnsigned(int value) {
        set(checkUnsigned(value));
    }

    /** Atomically sets the value; @return the previous value. */
    public byte getAndSet(byte value) {
        return (byte) SubWord.getAndSet(seg, 0L, 1, value);
    }

    /** Atomically adds {@code delta}, wrapping around at 8 bits; @return the new value (signed). */
    public byte addAndGet(int delta) {
        return (byte) (SubWord.getAndAdd(seg, 0L, 1, delta) + delta);
    }

    /** Atomically adds one; @return the new value (signed). */
    public byte incrementAndGet() {
        return addAndGet(1);
    }

    /** Atomically subtracts one; @return the new value (signed). */
    public byte decrementAndGet() {
        return addAndGet(-1);
    }

    /** Atomically sets the value to {@code update} if it equals {@code expected}; @return whether it did. */
    public boolean compareAndSet(byte expected, byte update) {
        return SubWord.compareAndSet(seg, 0L, 1, expected, update);
    }

    @Serial
    private Object readResolve() {
        return new SharedByte(file, lock);
    }

    @Override
    public String toString() {
        return "SharedByte[" + name + (file.isOpen() ? ", value=" + get() : ", closed") + "]";
    }
}
