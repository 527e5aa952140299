package io.multiprocessing4j.shared;

import java.util.ArrayList;
import java.util.Collection;
import java.util.List;

/**
 * Python's {@code multiprocessing.managers.SharedMemoryManager}: creates {@link SharedMemory} blocks
 * and {@link ShareableList}s whose lifetime ends with the manager.
 *
 * <pre>{@code
 * try (SharedMemoryManager smm = new SharedMemoryManager()) {
 *     SharedMemory block = smm.sharedMemory(1 << 20);
 *     ShareableList list = smm.shareableList(List.of(1, 2.5, "three"));
 *     pool.map(i -> work(SharedMemory.attach(block.name()), i), items);
 * }   // every block is unlinked here, even if other processes still have it attached
 * }</pre>
 *
 * <p>{@link #close()} ({@code shutdown()} in Python) closes this process's views and unlinks every
 * block the manager created; processes that still have one attached keep their mapping until they
 * close it, but the name is gone. If the manager's process dies without closing it, the resource
 * tracker unlinks each block once no live process has it attached, so nothing outlives every user.
 * Unlike Python's, this manager needs no server process: the blocks are named files either way.
 *
 * <p>Thread-safe. Use it in the process that created it; pass the blocks (or their names) to others.
 */
public final class SharedMemoryManager implements AutoCloseable {
    private final List<SharedMemory> blocks = new ArrayList<>();
    private final List<ShareableList> lists = new ArrayList<>();
    private boolean closed;

    /** Creates an empty manager. */
    public SharedMemoryManager() {
    }

    private void requireOpen() {
        if (closed) {
            throw new IllegalStateException("the SharedMemoryManager is closed: create a new one for more blocks");
        }
    }

    /**
     * Creates a block of {@code size} bytes owned by this manager: Python's {@code smm.SharedMemory(size)}.
     *
     * @throws IllegalArgumentException if {@code size} is not positive
     */
    public synchronized SharedMemory sharedMemory(long size) {
        requireOpen();
        SharedMemory m = SharedMemory.create(size);
        blocks.add(m);
        return m;
    }

    /** Creates a list owned by this manager: Python's {@code smm.ShareableList(sequence)}. */
    public synchronized ShareableList shareableList(Collection<?> values) {
        requireOpen();
        ShareableList l = ShareableList.create(values);
        lists.add(l);
        return l;
    }

    /** @return the names of the blocks and lists this manager owns, in creation order */
    public synchronized List<String> names() {
        List<String> names = new ArrayList<>();
        blocks.forEach(b -> names.add(b.name()));
        lists.forEach(l -> names.add(l.name()));
        return names;
    }

    /** Closes and unlinks every block and list created here: Python's {@code shutdown()}. Idempotent. */
    @Override
    public synchronized void close() {
        if (closed) {
            return;
        }
        closed = true;
        for (SharedMemory m : blocks) {
            m.close();
            m.unlink();
        }
        for (ShareableList l : lists) {
            l.close();
            l.unlink();
        }
    }

    /** Same as {@link #close()}. */
    public void shutdown() {
        close();
    }
}
