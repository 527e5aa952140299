package io.multiprocessing4j.queue;

import io.multiprocessing4j.spi.ItemQueueBackend;
import io.multiprocessing4j.spi.LocalBackends;
import io.multiprocessing4j.spi.QueueBackend;

import java.io.Serial;

/**
 * The plain unbounded queue: Python's {@code multiprocessing.SimpleQueue} ({@code get}, {@code put},
 * {@code empty}, {@code close}). It is a {@link ProcessQueue} without a size limit, so the rest of
 * the {@code BlockingQueue} methods work as well.
 *
 * @param <E> the item type
 */
public class SimpleProcessQueue<E> extends ProcessQueue<E> {
    @Serial
    private static final long serialVersionUID = 1L;

    SimpleProcessQueue(ItemQueueBackend backend) {
        super(backend);
    }

    /** For context providers ({@link io.multiprocessing4j.spi}): a simple queue over {@code backend}. Applications use {@code ctx.simpleQueue()}. */
    public static <E> SimpleProcessQueue<E> backedBy(QueueBackend backend) {
        return new SimpleProcessQueue<>(LocalBackends.get().serializing(backend));
    }

    /** Creates a simple queue in shared memory; prefer {@code ctx.simpleQueue()}. */
    public static <E> SimpleProcessQueue<E> create() {
        return new SimpleProcessQueue<>(newQueue(0));
    }

    @Override
    int kind() {
        return 2;
    }
}
