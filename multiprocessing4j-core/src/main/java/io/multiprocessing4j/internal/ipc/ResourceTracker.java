package io.multiprocessing4j.internal.ipc;

import java.io.IOException;
import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.FileChannel;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * Unlinks shared-memory files once every process that used them is gone, and never before.
 *
 * <p>Implementation notes. There is no tracker process to die: the bookkeeping lives in each
 * file's {@link Header}. A process that creates or attaches a file claims a slot there with its
 * pid and start time, once per process however many views it maps. The slot is cleared when the
 * process releases its last view of a handle ({@link ShmFile#release()}) or when it exits
 * ({@link ExitHook.Phase#RECORDS}, after the handles are closed); whoever clears a slot and finds no live process recorded unlinks the file. A
 * process killed with SIGKILL leaves its slot behind; {@link #sweep()} treats the slot of a dead
 * process as empty. Sweeps run when a process first uses shared memory, when the spawn context
 * sees a child or a pool worker exit, at every exit (a worker leaves it to its parent, which sweeps
 * when it sees the worker exit), and every {@code mp4j.shm.sweepMillis} (2 s by default) on a
 * daemon thread that runs only while this process has files recorded: so a file whose last user
 * was killed goes within about 5 s if any process that uses shared memory is alive, and at the
 * next start otherwise.
 *
 * <p>The decision to unlink races with a new attach. Both sides write first and read second on
 * sequentially consistent words: the attacher writes its slot and then reads the unlink state;
 * the unlinker sets the state to its own pid and then reads the slots. So either the unlinker
 * sees the new slot and backs off, or the attacher sees the state and waits for the verdict
 * (failing with "no such segment" if the file was unlinked). A process that dies while deciding
 * leaves its pid in the state word, which the next process resets when it finds that pid dead.
 * Before deleting a path the unlinker checks that the path still names the same file (inode).
 */
public final class ResourceTracker {
    /**
     * Looked up when something is logged, not when the class loads: the first {@code System.getLogger}
     * of a JVM finds the logging backend (a scan of every class-path jar for a logger service, then
     * java.util.logging's start), tens of milliseconds on a young worker's critical path.
     */
    private static System.Logger log() {
        return System.getLogger(ResourceTracker.class.getName());
    }

    /** What this process has recorded, per file name. */
    private static final class Record {
        final Object fileKey;
        final int slot;
        int openViews;
        boolean keepUntilExit;

        Record(Object fileKey, int slot) {
            this.fileKey = fileKey;
            this.slot = slot;
        }
    }

    private static final Map<String, Record> RECORDS = new HashMap<>();
    /** A header-less file is left alone this long: it may be in creation, or shared by other means. */
    static final long HEADERLESS_GRACE_MS = Long.getLong("mp4j.shm.headerlessGraceMs", 60_000);
    private static volatile boolean started;
    /** The parent that sweeps after this process exits ({@link #leaveExitSweepTo}), or 0. */
    private static volatile long sweepingParent;
    static final long SWEEP_MILLIS = Long.getLong("mp4j.shm.sweepMillis", 2000);
    /** Guarded by the class lock: whether the periodic sweeper thread is running. */
    private static boolean sweeping;

    private ResourceTracker() {
    }

    /** Installs the exit hook and sweeps the files of dead processes, once per process. */
    static void ensureStarted() {
        if (started) {
            return;
        }
        synchronized (ResourceTracker.class) {
            if (started) {
                return;
            }
            started = true;
            ExitHook.add(ExitHook.Phase.RECORDS, ResourceTracker::onExit);
            Thread.ofPlatform().daemon().name("mp4j-shm-sweep").start(ResourceTracker::sweepQuietly);
        }
    }

    /** Records this process as a user of {@code f}; false if the file was unlinked meanwhile. */
    static boolean register(ShmFile f) {
        synchronized (ResourceTracker.class) {
            Record r = RECORDS.get(f.name());
            if (r != null && Objects.equals(r.fileKey, f.fileKey())) {
                r.openViews++;
                f.slot(r.slot);
                return true;
            }
            MemorySegment h = f.header();
            int slot = Header.claimSlot(h);
            if (!awaitOpen(h)) {
                Header.clearSlot(h, slot);
                return false;
            }
            f.slot(slot);
            Record fresh = new Record(f.fileKey(), slot);
            fresh.openViews = 1;
            RECORDS.put(f.name(), fresh);
            if (!sweeping && SWEEP_MILLIS > 0) {
                sweeping = true;
                Thread.ofPlatform().daemon().name("mp4j-shm-periodic-sweep").start(ResourceTracker::sweepPeriodically);
            }
            return true;
        }
    }

    /** Waits out another process's unlink decision; returns false if it unlinked the file. */
    private static boolean awaitOpen(MemorySegment h) {
        long spins = 0;
        while (true) {
            int state = (int) Header.INT.getVolatile(h, Header.STATE);
            if (state == Header.STATE_OPEN) {
                return true;
            }
            if (state == Header.STATE_UNLINKED) {
                return false;
            }
            if (++spins % 1024 == 0 && !Pids.isAlive(state)) {
                Header.INT.compareAndSet(h, Header.STATE, state, Header.STATE_OPEN);
            }
            Thread.onSpinWait();
        }
    }

    /** A view of {@code f} was closed; with {@code release}, drop this process's record when it was the last. */
    static void closed(ShmFile f, boolean release) {
        Record r;
        synchronized (ResourceTracker.class) {
            r = RECORDS.get(f.name());
            if (r == null || !Objects.equals(r.fileKey, f.fileKey())) {
                return;
            }
            r.openViews--;
            if (!release) {
                r.keepUntilExit = true;
            }
            if (r.openViews > 0 || r.keepUntilExit) {
                return;
            }
            RECORDS.remove(f.name());
        }
        withHeader(f.name(), r.fileKey, h -> {
            Header.clearSlot(h, r.slot);
            unlinkIfUnused(f.name(), r.fileKey, h);
        });
    }

    /** The file was unlinked by name: nothing left to track. */
    static void forget(String name) {
        synchronized (ResourceTracker.class) {
            RECORDS.remove(name);
        }
    }

    private static void onExit() {
        List<Map.Entry<String, Record>> all;
        synchronized (ResourceTracker.class) {
            all = new ArrayList<>(RECORDS.entrySet());
            RECORDS.clear();
        }
        for (Map.Entry<String, Record> e : all) {
            withHeader(e.getKey(), e.getValue().fileKey, h -> {
                Header.clearSlot(h, e.getValue().slot);
                unlinkIfUnused(e.getKey(), e.getValue().fileKey, h);
            });
        }
        long parent = sweepingParent;
        if (parent > 0 && Pids.isAlive(parent)) {
            return; // it sweeps once it sees this process gone, off everyone's critical path
        }
        sweepQuietly();
    }

    /**
     * Leaves the sweep this process would make at its exit to {@code parentPid}, which sweeps when
     * it sees this process exit. A worker's exit sweep walks every shared-memory file of the
     * machine (1.5-13 ms in a young worker JVM, measured at pool close) after its own records are
     * gone, and a {@code join()} or a pool's {@code close()} waits for it; its parent sweeps anyway
     * when the child ends. Should the parent be gone by then, this process sweeps as before.
     */
    public static void leaveExitSweepTo(long parentPid) {
        sweepingParent = parentPid;
    }

    /** Unlinks the file if no live process is recorded in it, following the protocol above. */
    private static void unlinkIfUnused(String name, Object fileKey, MemorySegment h) {
        int flags = (int) Header.INT.getVolatile(h, Header.FLAGS);
        if (Header.unslottedProcesses(h) > 0 || Header.anyLive(h)) {
            return;
        }
        if ((flags & Header.FLAG_KEEP) != 0 && !orphanedItem(name, flags)) {
            return;
        }
        int state = (int) Header.INT.getVolatile(h, Header.STATE);
        if (state > 0 && state != Pids.SELF && !Pids.isAlive(state)) {
            Header.INT.compareAndSet(h, Header.STATE, state, Header.STATE_OPEN);
        }
        if (!Header.INT.compareAndSet(h, Header.STATE, Header.STATE_OPEN, (int) Pids.SELF)) {
            return; // unlinked already, or another process is deciding
        }
        if (Header.anyLive(h)) {
            Header.INT.setVolatile(h, Header.STATE, Header.STATE_OPEN);
            return;
        }
        Header.INT.setVolatile(h, Header.STATE, Header.STATE_UNLINKED);
        try {
            Path p = ShmFile.pathOf(name);
            if (Objects.equals(Files.readAttributes(p, BasicFileAttributes.class).fileKey(), fileKey)) {
                Files.deleteIfExists(p);
            }
        } catch (IOException e) {
            // gone already
        }
    }

    /**
     * A kept queue item file nobody will read: never committed to its queue (its producer died
     * first), or its queue is gone. Other kept files stay until unlinked explicitly.
     */
    private static boolean orphanedItem(String name, int flags) {
        String queue = ShmFile.queueOfItem(name);
        if (queue == null) {
            return false;
        }
        if ((flags & Header.FLAG_COMMITTED) == 0) {
            return true; // no live user either: the producer released it or died before committing
        }
        try {
            return !Files.exists(ShmFile.pathOf(queue));
        } catch (IllegalArgumentException e) {
            return false;
        }
    }

    private interface HeaderAction {
        void run(MemorySegment header);
    }

    /** Maps just the header of the named file, if it is still the file {@code fileKey} (any when null). */
    private static void withHeader(String name, Object fileKey, HeaderAction action) {
        Path p;
        try {
            p = ShmFile.pathOf(name);
        } catch (IllegalArgumentException e) {
            return;
        }
        try (FileChannel ch = FileChannel.open(p, StandardOpenOption.READ, StandardOpenOption.WRITE);
             Arena arena = Arena.ofConfined()) {
            if (ch.size() <= Header.SIZE) {
                return;
            }
            Object key = Files.readAttributes(p, BasicFileAttributes.class).fileKey();
            if (fileKey != null && !Objects.equals(key, fileKey)) {
                return;
            }
            MemorySegment h = ch.map(FileChannel.MapMode.READ_WRITE, 0, Header.SIZE, arena);
            if (Header.isOurs(h)) {
                action.run(h);
            }
        } catch (NoSuchFileException e) {
            // unlinked meanwhile
        } catch (IOException | RuntimeException e) {
            log().log(System.Logger.Level.DEBUG, "cannot inspect shared memory " + name, e);
        }
    }

    /**
     * Unlinks every file in the shared-memory directory whose users are all dead: ours with a header
     * whose recorded processes are gone, and {@code mp4j-<pid>-*} files without a header (a creator
     * killed while creating, or an older format) whose creator is gone and that have not been
     * modified for a minute.
     */
    public static void sweep() {
        List<Path> files = new ArrayList<>();
        try (DirectoryStream<Path> ds = Files.newDirectoryStream(ShmFile.DIR)) {
            ds.forEach(files::add);
        } catch (IOException e) {
            return;
        }
        for (Path p : files) {
            String name = p.getFileName().toString();
            try {
                BasicFileAttributes a = Files.readAttributes(p, BasicFileAttributes.class);
                if (!a.isRegularFile() || !Files.isReadable(p) || !Files.isWritable(p)) {
                    continue;
                }
                if (hasMagic(p, a.size())) {
                    withHeader(name, a.fileKey(), h -> unlinkIfUnused(name, a.fileKey(), h));
                } else if (name.startsWith(ShmFile.PREFIX)) {
                    long producer = ShmFile.producerOfItem(name);
                    if (producer > 0) {
                        // an item file is created by its producer alone: once that process is gone,
                        // a file without a header was never finished and nobody can read it
                        if (!Pids.isAlive(producer)) {
                            Files.deleteIfExists(p);
                        }
                        continue;
                    }
                    long creator = creatorPid(name);
                    boolean old = a.lastModifiedTime().toMillis() < System.currentTimeMillis() - HEADERLESS_GRACE_MS;
                    if (creator > 0 && old && !Pids.isAlive(creator)) {
                        Files.deleteIfExists(p);
                    }
                }
            } catch (IOException | RuntimeException e) {
                // vanished or not ours to touch
            }
        }
    }

    /** Sweeps every {@link #SWEEP_MILLIS} while this process has files recorded; then ends. */
    private static void sweepPeriodically() {
        while (true) {
            try {
                Thread.sleep(SWEEP_MILLIS);
            } catch (InterruptedException e) {
                synchronized (ResourceTracker.class) {
                    sweeping = false;
                }
                return;
            }
            synchronized (ResourceTracker.class) {
                if (RECORDS.isEmpty()) {
                    sweeping = false;
                    return;
                }
            }
            sweepQuietly();
        }
    }

    private static void sweepQuietly() {
        try {
            sweep();
        } catch (RuntimeException e) {
            log().log(System.Logger.Level.DEBUG, "shared memory sweep failed", e);
        }
    }

    /** Starts a sweep in the background (after a child process exits, for instance). */
    public static void sweepInBackground() {
        Thread.ofPlatform().daemon().name("mp4j-shm-sweep").start(ResourceTracker::sweepQuietly);
    }

    private static boolean hasMagic(Path p, long size) throws IOException {
        if (size <= Header.SIZE) {
            return false;
        }
        try (FileChannel ch = FileChannel.open(p, StandardOpenOption.READ)) {
            ByteBuffer b = ByteBuffer.allocate(8).order(ByteOrder.nativeOrder());
            return ch.read(b, 0) == 8 && b.getLong(0) == Header.MAGIC;
        }
    }

    static long creatorPid(String name) {
        int from = ShmFile.PREFIX.length();
        int to = name.indexOf('-', from);
        if (to < 0) {
            return -1;
        }
        try {
            return Long.parseLong(name, from, to, 10);
        } catch (NumberFormatException e) {
            return -1;
        }
    }
}
