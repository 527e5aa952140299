package io.multiprocessing4j.shared;

import io.multiprocessing4j.spi.LocalBackends;
import io.multiprocessing4j.spi.SharedSegment;
import io.multiprocessing4j.sync.ProcessRLock;

import java.io.Serial;
import java.lang.foreign.MemorySegment;

/**
 * Python's {@code multiprocessing.Value('?')} (and {@code RawValue('?')}): one {@code bool} (C's
 * {@code _Bool}, one byte holding 0 or 1) in shared memory that every process holding this handle
 * reads and writes.
 *
 * <p>{@link #get()} and {@link #set} are single atomic (volatile) accesses; {@link #getAndSet} and
 * {@link #compareAndSet} are atomic and need no lock, so a flag can be claimed by exactly one
 * process with {@code compareAndSet(false, true)}. For a compound update spanning several values,
 * hold {@link #getLock()} (a {@link ProcessRLock}, Python's synchronized wrapper). A raw value
 * ({@code ctx.rawSharedBoolean(v)}) has no lock.
 *
 * <p>Thread-safe; {@code Serializable}: passed to another process it re-attaches by name. The
 * memory is unlinked once no live process uses it (see {@link #close()}).
 */
public final class SharedBoolean extends SharedHandle {
    @Serial
    private static final long serialVersionUID = 1L;

    private final transient MemorySegment seg;

    private SharedBoolean(SharedSegment file, ProcessRLock lock) {
        super(file, lock);
        this.seg = file.segment();
    }

    /** @return a new shared value with its own lock (Python's {@code Value('?', initial)}) */
    public static SharedBoolean create(boolean initial) {
        return create(initial, true);
    }

    /** @return a new shared value without a lock (Python's {@code RawValue('?', initial)}) */
    public static SharedBoolean createRaw(boolean initial) {
        return create(initial, false);
    }

    private static SharedBoolean create(boolean initial, boolean withLock) {
        SharedBoolean v = new SharedBoolean(LocalBackends.get().segment(64), withLock ? ProcessRLock.create() : null);
        v.set(initial);
        return v;
    }

    /** @return the current value (Python's {@code .value}) */
    public boolean get() {
        return SubWord.get(seg, 0L, 1) != 0;
    }

    /** Sets the value. */
    public void set(boolean value) {
        SubWord.getAndSet(seg, 0L, 1, value ? 1 : 0);
    }

    /** Atomically sets the value; @return the previous value. */
    public boolean getAndSet(boolean value) {
        return SubWord.getAndSet(seg, 0L, 1, value ? 1 : 0) != 0;
    }

    /** Atomically sets the value to {@code update} if it is {@code expected}; @return whether it did. */
    public boolean compareAndSet(boolean expected, boolean update) {
        return SubWord.compareAndSet(seg, 0L, 1, expected ? 1 : 0, update ? 1 : 0);
    }

    @Serial
    private Object readResolve() {
        return new SharedBoolean(file, lock);
    }

    @Override
    public String toString() {
        return "SharedBoolean[" + name + (file.isOpen() ? ", value=" + get() : ", closed") + "]";
    }
}
