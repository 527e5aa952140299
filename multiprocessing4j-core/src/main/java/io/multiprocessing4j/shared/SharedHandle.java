package io.multiprocessing4j.shared;

import io.multiprocessing4j.spi.SharedSegment;
import io.multiprocessing4j.spi.ValueBackend;
import io.multiprocessing4j.sync.ProcessRLock;

import java.io.Serial;
import java.io.Serializable;

/**
 * What every shared value and shared array has in common: the named shared memory it lives in, its
 * optional lock (Python's synchronized wrapper), and the release of this process's use of both.
 * Subclasses re-attach by name when they are deserialized in another process.
 */
abstract sealed class SharedHandle implements AutoCloseable, Serializable
        permits SharedInt, SharedLong, SharedDouble, SharedIntArray, SharedLongArray, SharedDoubleArray, SharedByteArray,
                SharedFloat, SharedShort, SharedByte, SharedBoolean, SharedFloatArray, SharedShortArray, SharedBooleanArray,
                SharedCharArray, SharedStruct {
    @Serial
    private static final long serialVersionUID = 1L;

    /** The shared memory's name, the same in every process. */
    protected final String name;
    /** The lock, or null for a raw value (Python's {@code RawValue}/{@code RawArray}). */
    protected final ProcessRLock lock;
    /** This process's mapping. */
    protected final SharedSegment file;
    /** Null for a value in shared memory; else the context's atomic word a shared value delegates to. */
    final ValueBackend backend;

    SharedHandle(SharedSegment file, ProcessRLock lock) {
        this.name = file.name();
        this.file = file;
        this.lock = lock;
        this.backend = null;
    }

    SharedHandle(ValueBackend backend, ProcessRLock lock) {
        this.name = backend.name();
        this.file = null;
        this.lock = lock;
        this.backend = backend;
    }

    String state(String value) {
        return backend != null || file.isOpen() ? ", value=" + value : ", closed";
    }

    /**
     * @return the lock that guards compound updates (Python's {@code get_lock()})
     * @throws UnsupportedOperationException for a raw value or array, which has none
     */
    public ProcessRLock getLock() {
        if (lock == null) {
            throw new UnsupportedOperationException(this + " is raw and has no lock; create it with the synchronized"
                    + " factory (ctx.sharedInt(..), ctx.sharedIntArray(..) rather than ctx.rawSharedInt(..) ...) for one");
        }
        return lock;
    }

    /** @return whether it has a lock */
    public boolean isSynchronized() {
        return lock != null;
    }

    /** @return the name of the shared memory, the same in every process */
    public String name() {
        return name;
    }

    /** Releases this process's use of the memory (and its lock); unlinked once no live process uses it. */
    @Override
    public void close() {
        if (backend != null) {
            backend.close();
        } else {
            file.release();
        }
        if (lock != null) {
            lock.close();
        }
    }
}
