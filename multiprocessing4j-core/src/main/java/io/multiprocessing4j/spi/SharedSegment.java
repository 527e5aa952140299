package io.multiprocessing4j.spi;

import java.io.Serializable;
import java.lang.foreign.MemorySegment;

/**
 * A named block of one machine's shared memory mapped into this process: the storage under the
 * public {@code shared} classes, made by {@link LocalBackends}. Not for applications.
 *
 * <p>Contract: {@link #segment()} is {@link #size()} bytes, page-aligned, zero-filled when new; a
 * closed view's segment throws {@link IllegalStateException} on access. Serializable: deserialized
 * in another process of the machine it is mapped again by name (a handle kind, see
 * {@link LocalBackends#segment(long)}, shares one mapping per process). Thread-safe.
 */
public interface SharedSegment extends Serializable {

    /** @return the block's name, the same in every process */
    String name();

    /** @return the size in bytes */
    long size();

    /** @return this process's view of the block */
    MemorySegment segment();

    /** @return whether this view is still mapped */
    boolean isOpen();

    /** Unmaps this view only; the block and its name stay for whoever uses them. Idempotent. */
    void close();

    /**
     * Ends this process's use of the block: unmaps it (every handle of a handle kind in this process
     * stops working) and drops the process's record of use, so the block is unlinked once no live
     * process uses it. Idempotent.
     */
    void release();
}
