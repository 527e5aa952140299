package io.multiprocessing4j.internal.shm;

import java.io.IOException;
import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.nio.channels.FileChannel;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.security.SecureRandom;
import java.util.HexFormat;

/**
 * A named file in {@code /dev/shm} mapped into this process as a {@link MemorySegment}: the
 * storage under every shared-memory object (segments, values, locks, queues, pipes).
 *
 * <p>Implementation notes. Names are {@code mp4j-<creator pid>-<random>}, so the resource tracker
 * can tell which process made a file and tests can see what they left behind. The mapping is
 * {@code MAP_SHARED} through {@code FileChannel.map(..., Arena)}, which needs no native-access
 * permission; the mapping stays valid after the channel closes and is released when the arena
 * closes. Accesses outside the segment throw {@code IndexOutOfBoundsException}, never crash the JVM.
 * Creation and attachment may be hooked by the resource tracker (see {@link #setListener}).
 */
public final class ShmFile implements AutoCloseable {
    public static final Path DIR = Path.of(System.getProperty("mp4j.shm.dir", "/dev/shm"));
    public static final String PREFIX = "mp4j-";
    private static final SecureRandom RANDOM = new SecureRandom();

    /** Told about every file this process creates, attaches, closes or unlinks. */
    public interface Listener {
        void created(String name);

        void attached(String name);

        void closed(String name);

        void unlinked(String name);
    }

    private static volatile Listener listener;

    private final String name;
    private final long size;
    private final Arena arena;
    private final MemorySegment segment;

    private ShmFile(String name, long size, Arena arena, MemorySegment segment) {
        this.name = name;
        this.size = size;
        this.arena = arena;
        this.segment = segment;
    }

    public static void setListener(Listener l) {
        listener = l;
    }

    /** @return a fresh name {@code mp4j-<pid>-<random>} */
    public static String newName() {
        byte[] r = new byte[8];
        RANDOM.nextBytes(r);
        return PREFIX + ProcessHandle.current().pid() + "-" + HexFormat.of().formatHex(r);
    }

    /** Creates and maps a new zero-filled file; fails if the name exists. */
    public static ShmFile create(String name, long size) throws IOException {
        if (size <= 0) {
            throw new IllegalArgumentException("size must be positive, got " + size);
        }
        Path path = pathOf(name);
        try (FileChannel ch = FileChannel.open(path, StandardOpenOption.CREATE_NEW, StandardOpenOption.READ,
                StandardOpenOption.WRITE)) {
            Files.setPosixFilePermissions(path, java.nio.file.attribute.PosixFilePermissions.fromString("rw-------"));
            ch.truncate(size);
            ch.write(java.nio.ByteBuffer.wrap(new byte[1]), size - 1); // allocates the length; tmpfs pages stay lazy
            Arena arena = Arena.ofShared();
            MemorySegment seg = ch.map(FileChannel.MapMode.READ_WRITE, 0, size, arena);
            Listener l = listener;
            if (l != null) {
                l.created(name);
            }
            return new ShmFile(name, size, arena, seg);
        } catch (FileAlreadyExistsException e) {
            throw new IllegalArgumentException("shared memory '" + name + "' already exists; attach to it instead, or choose another name", e);
        }
    }

    /** Maps an existing file. */
    public static ShmFile attach(String name) throws IOException {
        Path path = pathOf(name);
        try (FileChannel ch = FileChannel.open(path, StandardOpenOption.READ, StandardOpenOption.WRITE)) {
            long size = ch.size();
            if (size == 0) {
                throw new IllegalArgumentException("shared memory '" + name + "' is empty: it is being created or is not ours");
            }
            Arena arena = Arena.ofShared();
            MemorySegment seg = ch.map(FileChannel.MapMode.READ_WRITE, 0, size, arena);
            Listener l = listener;
            if (l != null) {
                l.attached(name);
            }
            return new ShmFile(name, size, arena, seg);
        } catch (NoSuchFileException e) {
            throw new IllegalArgumentException("no shared memory named '" + name + "' (looked in " + DIR
                    + "); it was never created or has been unlinked", e);
        }
    }

    static Path pathOf(String name) {
        if (name == null || name.isBlank() || name.contains("/") || name.equals(".") || name.equals("..")) {
            throw new IllegalArgumentException("invalid shared memory name '" + name + "': use a plain file name without '/'");
        }
        return DIR.resolve(name);
    }

    public String name() {
        return name;
    }

    public long size() {
        return size;
    }

    public MemorySegment segment() {
        return segment;
    }

    /** Removes the name; the memory lives on until every mapping is closed. */
    public static boolean unlink(String name) {
        try {
            boolean removed = Files.deleteIfExists(pathOf(name));
            Listener l = listener;
            if (l != null) {
                l.unlinked(name);
            }
            return removed;
        } catch (IOException e) {
            return false;
        }
    }

    /** Unmaps this process's view. Later access through {@link #segment()} throws. */
    @Override
    public void close() {
        if (arena.scope().isAlive()) {
            arena.close();
            Listener l = listener;
            if (l != null) {
                l.closed(name);
            }
        }
    }

    public boolean isOpen() {
        return arena.scope().isAlive();
    }
}
