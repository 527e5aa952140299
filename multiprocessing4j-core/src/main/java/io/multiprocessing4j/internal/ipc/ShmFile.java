package io.multiprocessing4j.internal.ipc;

import java.io.IOException;
import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.BasicFileAttributes;
import java.nio.file.attribute.FileAttribute;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.SecureRandom;
import java.util.HexFormat;
import java.util.Objects;
import java.util.Set;

/**
 * A named file in {@code /dev/shm} mapped into this process as a {@link MemorySegment}: the
 * storage under every shared-memory object (segments, values, locks, queues, pipes).
 *
 * <p>Thread-safe. {@link #segment()} is the caller's memory, {@link #size()} bytes, starting at
 * offset 0 and page-aligned; {@link #close()} unmaps this process's view (later access through the
 * segment throws {@code IllegalStateException}); {@link #unlink(String)} removes the name.
 *
 * <p>Implementation notes. Names are {@code mp4j-<creator pid>-<random>}, so tests can see what
 * they left behind. The file starts with a one-page header that the caller never sees (see
 * {@link Header}): a magic number, which tells our files from foreign ones, the caller's size, and
 * the attach records of the {@link ResourceTracker}: which processes have used the file, so that
 * the last one to go (or whoever finds them all dead) unlinks it. The mapping is {@code MAP_SHARED}
 * through {@code FileChannel.map(..., Arena)}, which needs no native-access permission; it stays
 * valid after the channel closes and is released when the arena closes. Accesses outside the
 * segment throw {@code IndexOutOfBoundsException}, never crash the JVM. Creation checks the free
 * space of the file system first and reserves the pages ({@link Reserve}): tmpfs allocates pages
 * lazily, and touching a page that tmpfs cannot supply would kill the process with SIGBUS.
 */
public final class ShmFile implements AutoCloseable {
    public static final Path DIR = Path.of(System.getProperty("mp4j.shm.dir", "/dev/shm"));
    public static final String PREFIX = "mp4j-";
    /**
     * Only creators name files: a {@code SecureRandom}'s first construction looks up security
     * providers, 10-15 ms in a young JVM, which a pool worker that only attaches its status word
     * would otherwise pay in this class's initialisation, on the way to its first task.
     */
    private static final class Random {
        static final SecureRandom INSTANCE = new SecureRandom();
    }
    /** Mode 0600, applied by the {@code open} call itself (the umask can only remove bits). */
    private static final FileAttribute<Set<PosixFilePermission>> OWNER_ONLY =
            PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------"));

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
    private final Object fileKey;
    private final Arena arena;
    private final MemorySegment header;
    private final MemorySegment segment;
    /** This process's slot in the attach table, -1 when the table was full; set when registered. */
    private volatile int slot = -1;

    private ShmFile(String name, long size, Object fileKey, Arena arena, MemorySegment whole) {
        this.name = name;
        this.size = size;
        this.fileKey = fileKey;
        this.arena = arena;
        this.header = whole.asSlice(0, Header.SIZE);
        this.segment = whole.asSlice(Header.SIZE, size);
    }

    public static void setListener(Listener l) {
        listener = l;
    }

    private static volatile java.nio.file.FileStore store;

    /**
     * The file system of {@link #DIR}, looked up once: finding it reads the mount table (about
     * 0.3 ms, on the way to every pool worker's start); its free space is asked each time.
     */
    private static java.nio.file.FileStore store() throws IOException {
        java.nio.file.FileStore s = store;
        if (s == null) {
            s = Files.getFileStore(DIR);
            store = s;
        }
        return s;
    }

    /** @return a fresh name {@code mp4j-<pid>-<random>} */
    public static String newName() {
        byte[] r = new byte[8];
        Random.INSTANCE.nextBytes(r);
        return PREFIX + ProcessHandle.current().pid() + "-" + HexFormat.of().formatHex(r);
    }

    /**
     * Creates and maps a new zero-filled file of {@code size} usable bytes; fails if the name exists.
     *
     * @throws IllegalArgumentException if the size is not positive, exceeds the free space of
     *     {@link #DIR}, or the name is invalid or taken
     */
    public static ShmFile create(String name, long size) throws IOException {
        if (size <= 0) {
            throw new IllegalArgumentException("size must be positive, got " + size);
        }
        Path path = pathOf(name);
        long total = size + Header.SIZE;
        if (total < 0) {
            throw new IllegalArgumentException("size " + size + " is too large");
        }
        long free = store().getUsableSpace();
        if (total > free) {
            throw new IllegalArgumentException("cannot create shared memory of " + size + " bytes: " + DIR
                    + " has only " + free + " bytes free; free some, choose a smaller size, or enlarge the tmpfs");
        }
        ResourceTracker.ensureStarted();
        FileChannel ch;
        try {
            // owner-only from the first instant: a chmod after the open would leave a window in which
            // another user could open the file and keep reading it (umask 022 gives 0644)
            ch = FileChannel.open(path, Set.of(StandardOpenOption.CREATE_NEW, StandardOpenOption.READ,
                    StandardOpenOption.WRITE), OWNER_ONLY);
        } catch (FileAlreadyExistsException e) {
            throw new IllegalArgumentException("shared memory '" + name + "' already exists; attach to it instead, or choose another name", e);
        }
        try (ch) {
            ch.write(ByteBuffer.wrap(new byte[1]), total - 1); // sets the length
            Reserve.reserve(path, total); // so a full tmpfs fails here, not with SIGBUS at first touch
            Arena arena = Arena.ofShared();
            MemorySegment whole = ch.map(FileChannel.MapMode.READ_WRITE, 0, total, arena);
            Object key = Files.readAttributes(path, BasicFileAttributes.class).fileKey();
            ShmFile f = new ShmFile(name, size, key, arena, whole);
            Header.initialise(f.header, size);
            ResourceTracker.register(f);
            Header.publish(f.header);
            Listener l = listener;
            if (l != null) {
                l.created(name);
            }
            return f;
        } catch (IOException | RuntimeException | Error e) {
            Files.deleteIfExists(path);
            throw e;
        }
    }

    /**
     * Maps an existing file made by {@link #create}.
     *
     * @throws IllegalArgumentException if there is no such file, or it is not one of ours
     */
    public static ShmFile attach(String name) throws IOException {
        Path path = pathOf(name);
        ResourceTracker.ensureStarted();
        FileChannel ch;
        try {
            ch = FileChannel.open(path, StandardOpenOption.READ, StandardOpenOption.WRITE);
        } catch (NoSuchFileException e) {
            throw notFound(name, e);
        }
        try (ch) {
            long total = ch.size();
            ByteBuffer magic = ByteBuffer.allocate(8).order(java.nio.ByteOrder.nativeOrder());
            if (total <= Header.SIZE || ch.read(magic, 0) != 8 || magic.getLong(0) != Header.MAGIC) {
                throw new IllegalArgumentException("'" + name + "' in " + DIR
                        + " is not a multiprocessing4j shared memory segment (no header); attach only to names we created");
            }
            Arena arena = Arena.ofShared();
            MemorySegment whole = ch.map(FileChannel.MapMode.READ_WRITE, 0, total, arena);
            long size = whole.get(ValueLayout.JAVA_LONG, Header.USER_SIZE);
            if (size != total - Header.SIZE) {
                arena.close();
                throw new IllegalArgumentException("shared memory '" + name + "' has a damaged header (size " + size
                        + " but file of " + total + " bytes)");
            }
            Object key = Files.readAttributes(path, BasicFileAttributes.class).fileKey();
            ShmFile f = new ShmFile(name, size, key, arena, whole);
            if (!ResourceTracker.register(f)) {
                arena.close();
                throw notFound(name, null);
            }
            Listener l = listener;
            if (l != null) {
                l.attached(name);
            }
            return f;
        } catch (NoSuchFileException e) {
            throw notFound(name, e);
        }
    }

    private static IllegalArgumentException notFound(String name, Exception cause) {
        return new IllegalArgumentException("no shared memory named '" + name + "' (looked in " + DIR
                + "); it was never created, or has been unlinked", cause);
    }

    static Path pathOf(String name) {
        if (name == null || name.isBlank() || name.contains("/") || name.equals(".") || name.equals("..")
                || name.indexOf('\0') >= 0) {
            throw new IllegalArgumentException("invalid shared memory name '" + name + "': use a plain file name without '/'");
        }
        return DIR.resolve(name);
    }

    public String name() {
        return name;
    }

    /**
     * Exempts this file from automatic unlinking: its owner unlinks it explicitly. For data that must
     * outlive every process attached to it, such as a large queue item whose producer has exited.
     */
    public void keepUntilUnlinked() {
        Header.INT.getAndBitwiseOr(header, Header.FLAGS, Header.FLAG_KEEP);
    }

    /** Marks a kept item file as referenced by its queue (see {@link #itemName(String)}). */
    public void markCommitted() {
        Header.INT.getAndBitwiseOr(header, Header.FLAGS, Header.FLAG_COMMITTED);
    }

    /** Marker between a queue's name and an item file's own suffix. */
    static final String ITEM_MARK = "-item-";

    /**
     * A fresh name for a kept item file of the queue {@code queueName}: the queue's name, the
     * producer's pid and a random part. The sweep reads the queue's name back from it: an item file
     * goes once its queue is gone, or when it was never committed and its producer, its only user,
     * is gone.
     */
    public static String itemName(String queueName) {
        byte[] r = new byte[8];
        Random.INSTANCE.nextBytes(r);
        return queueName + ITEM_MARK + ProcessHandle.current().pid() + "-" + HexFormat.of().formatHex(r);
    }

    /**
     * @return the process that created the item file {@code name} (its producer), or -1 if
     *         {@code name} is no item file's; a producer killed before the file had its header
     *         leaves a header-less file that only this pid can tell is abandoned
     */
    static long producerOfItem(String name) {
        int at = name.lastIndexOf(ITEM_MARK);
        if (at <= 0) {
            return -1;
        }
        int from = at + ITEM_MARK.length();
        int to = name.indexOf('-', from);
        try {
            return to > from ? Long.parseLong(name.substring(from, to)) : -1;
        } catch (NumberFormatException e) {
            return -1;
        }
    }

    /** @return the queue an item file belongs to, or null if {@code name} is no item file's */
    static String queueOfItem(String name) {
        int at = name.lastIndexOf(ITEM_MARK);
        return at <= 0 ? null : name.substring(0, at);
    }

    /** @return the usable size in bytes (the header excluded) */
    public long size() {
        return size;
    }

    /** @return the caller's memory: {@link #size()} bytes, page-aligned */
    public MemorySegment segment() {
        return segment;
    }

    MemorySegment header() {
        return header;
    }

    Object fileKey() {
        return fileKey;
    }

    void slot(int slot) {
        this.slot = slot;
    }

    // --- handle counts in the attach table (see Header) ------------------------------------------

    /**
     * Records one more handle of {@code role} (0, or 1 for a pipe's second end) in this process.
     * While a live process holds one, {@link #held} says so.
     */
    public void hold(int role) {
        Header.addHandles(header, slot, role, 1);
    }

    /** Records one handle of {@code role} fewer in this process. */
    public void unhold(int role) {
        Header.addHandles(header, slot, role, -1);
    }

    /** Records that a handle of {@code role} is being sent to another process: it counts until it {@link #arrived}. */
    public void sending(int role) {
        Header.addInFlight(header, role, 1);
    }

    /** Records that a handle of {@code role} sent by another process has arrived here. */
    public void arrived(int role) {
        Header.addInFlight(header, role, -1);
    }

    /**
     * @param checkLiveness {@code false} for a cheap check that trusts the counts (a dead holder
     *     still counts)
     * @return whether a live process (this one included) holds a handle of {@code role}, or one is
     *     on its way to another process
     */
    public boolean held(int role, boolean checkLiveness) {
        return Header.held(header, role, checkLiveness);
    }

    /** Removes the name; the memory lives on until every mapping is closed. */
    public static boolean unlink(String name) {
        Objects.requireNonNull(name, "name");
        try {
            boolean removed = Files.deleteIfExists(pathOf(name));
            ResourceTracker.forget(name);
            Listener l = listener;
            if (l != null) {
                l.unlinked(name);
            }
            return removed;
        } catch (IOException e) {
            return false;
        }
    }

    /**
     * Unmaps this process's view. Later access through {@link #segment()} throws. This process stays
     * recorded as a user of the file until it exits (so the name survives for a later attach), as
     * with Python's {@code SharedMemory.close()}.
     */
    @Override
    public void close() {
        if (unmap()) {
            ResourceTracker.closed(this, false);
        }
    }

    /**
     * Unmaps this process's view and, once no other view of the file is open in this process, drops
     * this process's attach record; the file is unlinked when no live process has one left. The
     * release of locks, values and other handles that belong to nobody in particular.
     */
    public void release() {
        if (unmap()) {
            ResourceTracker.closed(this, true);
        }
    }

    /**
     * Closes the mapping, waiting (up to a second) for a thread of this process that is still in a
     * native call on it, such as a futex wake in {@code set()} racing a {@code close()} right after
     * the woken waiter returned: a shared arena refuses to close while a call holds it.
     */
    private void closeArena() {
        for (int i = 0; ; i++) {
            try {
                arena.close();
                return;
            } catch (IllegalStateException e) {
                if (i >= 1000 || !arena.scope().isAlive()) {
                    throw e;
                }
                try {
                    Thread.sleep(1);
                } catch (InterruptedException ie) {
                    Thread.currentThread().interrupt();
                    throw e;
                }
            }
        }
    }

    private boolean unmap() {
        synchronized (this) {
            if (!arena.scope().isAlive()) {
                return false;
            }
            closeArena();
        }
        Listener l = listener;
        if (l != null) {
            l.closed(name);
        }
        return true;
    }

    public boolean isOpen() {
        return arena.scope().isAlive();
    }

    @Override
    public String toString() {
        return "ShmFile[" + name + ", " + size + " bytes" + (isOpen() ? "" : ", closed") + "]";
    }
}
