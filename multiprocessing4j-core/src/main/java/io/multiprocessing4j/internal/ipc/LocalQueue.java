package io.multiprocessing4j.internal.ipc;

import io.multiprocessing4j.internal.serial.DefaultSerializer;
import io.multiprocessing4j.queue.QueueClosedException;
import io.multiprocessing4j.spi.ItemQueueBackend;

import java.io.IOException;
import java.io.InvalidObjectException;
import java.io.ObjectStreamException;
import java.io.Serial;
import java.io.Serializable;
import java.io.UncheckedIOException;

/**
 * The queue under a {@code ProcessQueue} of the local contexts: a {@link ShmQueue} of items
 * serialized with the {@link DefaultSerializer}.
 *
 * <p>Implementation notes. A {@code byte[]} item skips the serializer: it is stored as it is and
 * marked raw ({@link ShmQueue#putBytesItem}), so it costs no copy and comes back as a
 * {@code byte[]}. Waits check this handle's closed flag between sleeps, so a {@code close()} in this
 * process ends them with a {@link QueueClosedException}. Serialized, it is its name: writing it
 * first records the transfer with the queue ({@link ShmQueue#sending()}), so the memory outlives a
 * sender that exits before the receiver attaches.
 */
public final class LocalQueue implements ItemQueueBackend {
    @Serial
    private static final long serialVersionUID = 1L;

    private final transient ShmQueue core;

    private LocalQueue(ShmQueue core) {
        this.core = core;
    }

    /** @return a new queue in shared memory (see {@link ShmQueue#create}) */
    public static LocalQueue create(long maxsize, long ringBytes, long maxItemBytes) {
        return new LocalQueue(ShmQueue.create(maxsize, ringBytes, maxItemBytes));
    }

    /** @return the shared-memory queue itself (for tests that reach into it) */
    public ShmQueue core() {
        return core;
    }

    @Override
    public String name() {
        return core.name();
    }

    @Override
    public long maxsize() {
        return core.maxsize();
    }

    @Override
    public boolean put(Object item, long deadline) throws InterruptedException {
        try {
            if (item instanceof byte[] raw) {
                return core.putBytesItem(raw, deadline, this::guard); // no serializer copy
            }
            return core.put(DefaultSerializer.INSTANCE.serialize(item), deadline, this::guard);
        } catch (IOException e) {
            throw new UncheckedIOException("could not put an item: " + e.getMessage(), e);
        }
    }

    @Override
    public Object take(long deadline, ClassLoader loader) throws InterruptedException {
        try {
            return item(core.take(deadline, this::guard), loader);
        } catch (IOException e) {
            throw new UncheckedIOException("could not take an item: " + e.getMessage(), e);
        }
    }

    @Override
    public Object peek(ClassLoader loader) throws InterruptedException {
        try {
            return item(core.peek(), loader);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static Object item(Object stored, ClassLoader loader) {
        if (stored == null) {
            return null;
        }
        if (stored instanceof ShmQueue.Raw raw) {
            return raw.bytes();
        }
        return DefaultSerializer.INSTANCE.deserialize((byte[]) stored, loader);
    }

    private void guard(boolean thorough) {
        if (core.isClosed()) {
            throw new QueueClosedException("queue was closed in this process while waiting");
        }
    }

    @Override
    public long size() {
        return core.size();
    }

    @Override
    public void taskDone() {
        core.taskDone();
    }

    @Override
    public boolean join(long deadline) throws InterruptedException {
        try {
            return core.join(deadline, this::guard);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @Override
    public long unfinished() {
        return core.unfinished();
    }

    @Override
    public void close() {
        core.close();
    }

    @Override
    public boolean isClosed() {
        return core.isClosed();
    }

    @Serial
    private Object writeReplace() throws ObjectStreamException {
        core.sending();
        return new SerialForm(core.name());
    }

    /** The queue's name; the receiver attaches it. */
    private record SerialForm(String name) implements Serializable {
        @Serial
        private Object readResolve() throws ObjectStreamException {
            try {
                return new LocalQueue(ShmQueue.attach(name));
            } catch (IOException | IllegalArgumentException e) {
                InvalidObjectException ex = new InvalidObjectException("cannot re-attach queue '" + name + "': "
                        + e.getMessage());
                ex.initCause(e);
                throw ex;
            }
        }
    }

    @Override
    public String toString() {
        return "LocalQueue[" + core.name() + "]";
    }
}
