package io.multiprocessing4j.internal.ipc;

import io.multiprocessing4j.spi.SharedSegment;

import java.io.IOException;
import java.io.InvalidObjectException;
import java.io.Serial;
import java.io.UncheckedIOException;
import java.lang.foreign.MemorySegment;

/**
 * A {@link ShmFile} seen through the {@link SharedSegment} the public {@code shared} classes hold.
 *
 * <p>Implementation notes. Two kinds: a handle kind, mapped through {@link Handles} (one mapping
 * per file per process, however many values arrive; released for all of them at once), under the
 * shared values and arrays; and a view kind, one mapping per object, under {@code SharedMemory} and
 * {@code ShareableList}, whose Python counterparts close each view on its own. Serialized, it is its
 * name and kind, and it maps the file again when deserialized.
 */
public final class LocalSegment implements SharedSegment {
    @Serial
    private static final long serialVersionUID = 1L;

    private final String name;
    private final boolean handle;
    private final transient ShmFile file;

    private LocalSegment(ShmFile file, boolean handle) {
        this.name = file.name();
        this.handle = handle;
        this.file = file;
    }

    /** @return a new block of the handle kind */
    public static LocalSegment handle(long size) {
        return new LocalSegment(Handles.create(size), true);
    }

    /** @return this process's mapping of a handle-kind block */
    public static LocalSegment attachHandle(String name) {
        return new LocalSegment(Handles.attach(name), true);
    }

    /** @return a new block of the view kind, named {@code name} or (null) freshly */
    public static LocalSegment view(String name, long size) throws IOException {
        return new LocalSegment(ShmFile.create(name == null ? ShmFile.newName() : name, size), false);
    }

    /** @return a new view of an existing block */
    public static LocalSegment attachView(String name) throws IOException {
        return new LocalSegment(ShmFile.attach(name), false);
    }

    @Override
    public String name() {
        return name;
    }

    @Override
    public long size() {
        return file.size();
    }

    @Override
    public MemorySegment segment() {
        return file.segment();
    }

    @Override
    public boolean isOpen() {
        return file.isOpen();
    }

    @Override
    public void close() {
        file.close();
    }

    @Override
    public void release() {
        if (handle) {
            Handles.release(file);
        } else {
            file.release();
        }
    }

    @Serial
    private Object readResolve() throws InvalidObjectException {
        if (handle) {
            return attachHandle(name);
        }
        try {
            return attachView(name);
        } catch (IOException | UncheckedIOException e) {
            InvalidObjectException ex = new InvalidObjectException("cannot attach shared memory '" + name + "': "
                    + e.getMessage());
            ex.initCause(e);
            throw ex;
        }
    }

    @Override
    public String toString() {
        return "SharedSegment[" + name + "]";
    }
}
