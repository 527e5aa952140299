package io.multiprocessing4j.internal.ipc;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The files behind serializable handles (locks, values, events...), one mapping per file per
 * process however many handles arrive: a pool worker that receives the same lock with every task
 * maps it once.
 *
 * <p>Thread-safe. {@link #release} unmaps the file for every handle of this process and drops the
 * process's attach record (see {@link ResourceTracker}).
 */
public final class Handles {
    private static final ConcurrentHashMap<String, ShmFile> OPEN = new ConcurrentHashMap<>();

    private Handles() {
    }

    /** Creates a new file of {@code size} bytes for a handle. */
    public static ShmFile create(long size) {
        try {
            ShmFile f = ShmFile.create(ShmFile.newName(), size);
            OPEN.put(f.name(), f);
            return f;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot create shared memory in " + ShmFile.DIR + ": " + e.getMessage(), e);
        }
    }

    /** Maps the named file, or returns this process's existing mapping of it. */
    public static ShmFile attach(String name) {
        ShmFile f = OPEN.get(name);
        if (f != null && f.isOpen()) {
            return f;
        }
        synchronized (Handles.class) {
            f = OPEN.get(name);
            if (f != null && f.isOpen()) {
                return f;
            }
            try {
                f = ShmFile.attach(name);
            } catch (IOException e) {
                throw new UncheckedIOException("cannot attach shared memory '" + name + "': " + e.getMessage(), e);
            }
            OPEN.put(name, f);
            return f;
        }
    }

    /** Unmaps the file in this process and gives up this process's claim on it. */
    public static void release(ShmFile f) {
        OPEN.remove(f.name(), f);
        f.release();
    }

    /** Runs {@code r} when this process exits normally, before its attach records are dropped. */
    public static void atExit(Runnable r) {
        ExitHook.add(ExitHook.Phase.SHARED_OBJECTS, r);
    }
}
