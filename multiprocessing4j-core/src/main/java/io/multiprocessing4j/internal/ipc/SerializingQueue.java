package io.multiprocessing4j.internal.ipc;

import io.multiprocessing4j.internal.serial.DefaultSerializer;
import io.multiprocessing4j.spi.ItemQueueBackend;
import io.multiprocessing4j.spi.QueueBackend;

import java.io.Serial;

/**
 * A queue of another module's context (the cluster's) as the public queue classes see it: items
 * serialized with the {@link DefaultSerializer} into the context's {@link QueueBackend}, which
 * stores bytes ({@code byte[]} items are serialized too). Serialized, it is that backend.
 */
public final class SerializingQueue implements ItemQueueBackend {
    @Serial
    private static final long serialVersionUID = 1L;

    private final QueueBackend bytes;

    private SerializingQueue(QueueBackend bytes) {
        this.bytes = bytes;
    }

    /** @return a queue of items over {@code bytes} */
    public static SerializingQueue over(QueueBackend bytes) {
        return new SerializingQueue(java.util.Objects.requireNonNull(bytes, "backend"));
    }

    @Override
    public String name() {
        return bytes.name();
    }

    @Override
    public long maxsize() {
        return bytes.maxsize();
    }

    @Override
    public boolean put(Object item, long deadline) throws InterruptedException {
        return bytes.put(DefaultSerializer.INSTANCE.serialize(item), deadline);
    }

    @Override
    public Object take(long deadline, ClassLoader loader) throws InterruptedException {
        byte[] b = bytes.take(deadline);
        return b == null ? null : DefaultSerializer.INSTANCE.deserialize(b, loader);
    }

    @Override
    public Object peek(ClassLoader loader) {
        byte[] b = bytes.peek();
        return b == null ? null : DefaultSerializer.INSTANCE.deserialize(b, loader);
    }

    @Override
    public long size() {
        return bytes.size();
    }

    @Override
    public void taskDone() {
        bytes.taskDone();
    }

    @Override
    public boolean join(long deadline) throws InterruptedException {
        return bytes.join(deadline);
    }

    @Override
    public long unfinished() {
        return bytes.unfinished();
    }

    @Override
    public void close() {
        bytes.close();
    }

    @Override
    public boolean isClosed() {
        return bytes.isClosed();
    }

    @Override
    public String toString() {
        return "SerializingQueue[" + bytes + "]";
    }
}
