package io.multiprocessing4j.shared;

import io.multiprocessing4j.internal.shm.Handles;
import io.multiprocessing4j.internal.shm.ShmFile;
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

    private SharedInt(ShmFile file, ProcessRLock lock) {
        super(file, lock);
        this.seg = file.segment();
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
        SharedInt v = new SharedInt(Handles.create(64), withLock ? ProcessRLock.create() : null);
        v.set(initial);
        return v;
    }

    /** @return the current value (Python's {@code .value}) */
    public int get() {
        return (int) H.getVolatile(seg, 0L);
    }

    /** Sets the value. */
    public void set(int value) {
        H.setVolatile(seg, 0L, value);
    }

    /** Atomically sets the value; @return the previous value. */
    public int getAndSet(int value) {
        return (int) H.getAndSet(seg, 0L, value);
    }

    /** Atomically adds one; @return the new value. No lock needed. */
    public int incrementAndGet() {
        return (int) H.getAndAdd(seg, 0L, 1) + 1;
    }

    /** Atomically subtracts one; @return the new value. */
    public int decrementAndGet() {
        return (int) H.getAndAdd(seg, 0L, -1) - 1;
    }

    /** Atomically adds {@code delta}; @return the new value. */
    public int addAndGet(int delta) {
        return (int) H.getAndAdd(seg, 0L, delta) + delta;
    }

    /** Atomically adds {@code delta}; @return the previous value. */
    public int getAndAdd(int delta) {
        return (int) H.getAndAdd(seg, 0L, delta);
    }

    /** Atomically sets the value to {@code update} if it equals {@code expected}; @return whether it did. */
    public boolean compareAndSet(int expected, int update) {
        return H.compareAndSet(seg, 0L, expected, update);
    }

    @Serial
    private Object readResolve() {
        return new SharedInt(Handles.attach(name), lock);
    }

    @Override
    public String toString() {
        return "SharedInt[" + name + (file.isOpen() ? ", value=" + get() : ", closed") + "]";
    }
}
