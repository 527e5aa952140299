package io.multiprocessing4j.shared;

import io.multiprocessing4j.spi.LocalBackends;
import io.multiprocessing4j.spi.SharedSegment;

import java.io.IOException;
import java.io.Serial;
import java.io.Serializable;
import java.io.UncheckedIOException;
import java.lang.foreign.MemorySegment;
import java.nio.ByteBuffer;
import java.util.Objects;

/**
 * Python's {@code multiprocessing.shared_memory.SharedMemory}: a block of memory with a name, which
 * any process on this machine can map by that name.
 *
 * <p>{@link #create(long)} makes a new zero-filled block; {@link #attach(String)} maps an existing
 * one. {@link #segment()} is the memory as a {@link MemorySegment} (bounds-checked: an access
 * outside it throws {@link IndexOutOfBoundsException}, never crashes the JVM); {@link #buffer()} is
 * the same memory as a {@link ByteBuffer}. {@link #close()} unmaps this handle's view; the name
 * stays valid for a later {@code attach} while some process still uses the block. {@link #unlink()} removes the name (Python's
 * {@code unlink()}); mapped views stay valid until closed.
 *
 * <p><b>Lifetime.</b> A process that creates or attaches a block is one of its users until it
 * closes its last handle to it or exits (also by SIGKILL). When the last user is gone the block is
 * removed: at once when that user closed it, else within about 5 s by the periodic sweep of any
 * live process that uses shared memory, or at the start of the next program that does. It is
 * never removed while a live process still uses it (CPython unlinks it when its creator exits,
 * under the feet of processes still using it: gh-82300). {@link #unlink()} stays the explicit way
 * to remove a block that live processes use. So keep a handle open for as long as the block must
 * stay attachable by name.
 *
 * <p>Thread-safe. {@code Serializable}: passed to another process, it attaches there by name.
 */
public final class SharedMemory implements AutoCloseable, Serializable {
    @Serial
    private static final long serialVersionUID = 1L;

    private final String name;
    private final long size;
    /** This handle's view (serialized with it: it maps the block again by name). */
    private final SharedSegment file;

    private SharedMemory(SharedSegment file) {
        this.name = file.name();
        this.size = file.size();
        this.file = file;
    }

    /**
     * Creates a new zero-filled block with a fresh name ({@code mp4j-<pid>-<random>}).
     *
     * @throws IllegalArgumentException if {@code size} is not positive or exceeds the free shared memory
     */
    public static SharedMemory create(long size) {
        return make(null, size);
    }

    /**
     * Creates a new zero-filled block named {@code name} (a plain file name in {@code /dev/shm}).
     *
     * @throws IllegalArgumentException if the name is taken or invalid, or the size is not positive
     *     or exceeds the free shared memory
     */
    public static SharedMemory create(String name, long size) {
        Objects.requireNonNull(name, "name must not be null; use create(size) for a fresh name");
        return make(name, size);
    }

    /** @param name the block's name, {@code null} for a fresh one */
    private static SharedMemory make(String name, long size) {
        try {
            return new SharedMemory(LocalBackends.get().createView(name, size));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot create shared memory" + (name == null ? "" : " '" + name + "'")
                    + ": " + e.getMessage(), e);
        }
    }

    /**
     * Maps the existing block named {@code name}.
     *
     * @throws IllegalArgumentException if there is no such block, or the name is not a block made by multiprocessing4j
     */
    public static SharedMemory attach(String name) {
        Objects.requireNonNull(name, "name must not be null");
        try {
            return new SharedMemory(LocalBackends.get().attachView(name));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot attach shared memory '" + name + "': " + e.getMessage(), e);
        }
    }

    /** @return the name other processes attach by */
    public String name() {
        return name;
    }

    /** @return the size in bytes */
    public long size() {
        return size;
    }

    /**
     * @return the memory, {@link #size()} bytes, page-aligned
     * @throws IllegalStateException if this handle was closed
     */
    public MemorySegment segment() {
        if (!file.isOpen()) {
            throw new IllegalStateException("shared memory '" + name + "' was closed in this handle; attach it again");
        }
        return file.segment();
    }

    /**
     * @return the memory as a {@link ByteBuffer} (big-endian, as every new buffer; set the order you need)
     * @throws UnsupportedOperationException if the block is larger than a buffer can address (2 GiB)
     */
    public ByteBuffer buffer() {
        if (size > Integer.MAX_VALUE) {
            throw new UnsupportedOperationException("shared memory '" + name + "' has " + size
                    + " bytes, more than a ByteBuffer can address; use segment()");
        }
        return segment().asByteBuffer();
    }

    /** @return whether this handle is closed */
    public boolean isClosed() {
        return !file.isOpen();
    }

    /**
     * Unmaps this handle's view. Other handles and processes are unaffected, and the name stays
     * valid. Idempotent.
     */
    @Override
    public void close() {
        file.release();
    }

    /**
     * Removes the name (Python's {@code unlink()}): no new process can attach; mapped views stay
     * valid until closed. Idempotent.
     */
    public void unlink() {
        LocalBackends.get().unlink(name);
    }

    @Serial
    private Object readResolve() {
        return new SharedMemory(file);
    }

    @Override
    public String toString() {
        return "SharedMemory[" + name + ", " + size + " bytes" + (isClosed() ? ", closed]" : "]");
    }
}
