package io.multiprocessing4j.cluster.internal;

import io.multiprocessing4j.queue.QueueClosedException;
import io.multiprocessing4j.spi.QueueBackend;
import org.apache.ignite.Ignite;
import org.apache.ignite.IgniteAtomicLong;
import org.apache.ignite.IgniteInterruptedException;
import org.apache.ignite.IgniteQueue;
import org.apache.ignite.cache.CacheMode;
import org.apache.ignite.configuration.CollectionConfiguration;

import java.io.Serial;
import java.util.concurrent.TimeUnit;

/**
 * The cluster context's {@code ProcessQueue}, {@code JoinableProcessQueue} and
 * {@code SimpleProcessQueue}: an {@link IgniteQueue} of serialized items with one backup, so items
 * survive the death of the node that holds them.
 *
 * <p>Implementation notes. Blocking calls wait in slices of {@link #SLICE_MILLIS} ms so that
 * closing this handle ends them with {@link QueueClosedException} (Ignite's queue has no way to
 * wake a single waiter). A joinable queue counts unfinished tasks in an {@link IgniteAtomicLong}:
 * {@code put} counts the task before the item becomes visible (and uncounts it if the put fails), so
 * {@code join} never returns while an item is in flight. Delivery: an item is in the queue once
 * {@code put} returns and leaves it once {@code take} removes it; an item taken by a consumer whose
 * node then dies before using it is gone (at-most-once after a take), as with the shared-memory
 * queue when its consumer process dies after {@code get} returned.
 */
public final class ClusterQueue extends Grid implements QueueBackend {
    @Serial
    private static final long serialVersionUID = 1L;
    static final long SLICE_MILLIS = 100;
    private final int capacity;
    private final boolean joinable;
    private transient volatile IgniteQueue<byte[]> queue;
    private transient volatile IgniteAtomicLong unfinished;
    private transient volatile boolean closed;

    public ClusterQueue(Ignite ignite, int capacity, boolean joinable) {
        super(ignite, "queue");
        this.capacity = capacity;
        this.joinable = joinable;
        this.queue = ignite.queue(name, capacity, configuration());
        if (joinable) {
            this.unfinished = ignite.atomicLong(name + "#unfinished", 0, true);
        }
    }

    static CollectionConfiguration configuration() {
        return new CollectionConfiguration().setCacheMode(CacheMode.PARTITIONED).setBackups(1);
    }

    private IgniteQueue<byte[]> q() {
        if (closed) {
            throw closedNow();
        }
        IgniteQueue<byte[]> q = queue;
        if (q == null) {
            q = ignite().queue(name, 0, null); // null configuration: attach, never create
            if (q == null) {
                throw new IllegalStateException("queue " + name + " no longer exists in the cluster (its context was closed)");
            }
            queue = q;
        }
        return q;
    }

    private IgniteAtomicLong unfinishedWord() {
        IgniteAtomicLong u = unfinished;
        if (u == null) {
            u = ignite().atomicLong(name + "#unfinished", 0, true);
            unfinished = u;
        }
        return u;
    }

    private static QueueClosedException closedNow() {
        return new QueueClosedException("queue is closed in this process");
    }

    @Override
    public long maxsize() {
        return capacity;
    }

    @Override
    public boolean put(byte[] item, long deadline) throws InterruptedException {
        IgniteQueue<byte[]> q = q();
        if (joinable) {
            unfinishedWord().incrementAndGet();
        }
        boolean added = false;
        try {
            added = offer(q, item, deadline);
            return added;
        } finally {
            if (joinable && !added) {
                unfinishedWord().decrementAndGet();
            }
        }
    }

    private boolean offer(IgniteQueue<byte[]> q, byte[] item, long deadline) throws InterruptedException {
        try {
            if (capacity == 0) {
                return q.offer(item); // an unbounded queue never waits
            }
            while (true) {
                if (closed) {
                    throw new QueueClosedException("queue was closed in this process while waiting");
                }
                long slice = TimeUnit.MILLISECONDS.toNanos(SLICE_MILLIS);
                if (!forever(deadline)) {
                    slice = Math.min(slice, remaining(deadline));
                }
                if (slice <= 0 ? q.offer(item) : q.offer(item, slice, TimeUnit.NANOSECONDS)) {
                    return true;
                }
                if (!forever(deadline) && remaining(deadline) == 0) {
                    return false;
                }
            }
        } catch (IgniteInterruptedException e) {
            throw interrupted(e);
        }
    }

    @Override
    public byte[] take(long deadline) throws InterruptedException {
        IgniteQueue<byte[]> q = q();
        try {
            while (true) {
                if (closed) {
                    throw new QueueClosedException("queue was closed in this process while waiting");
                }
                long slice = TimeUnit.MILLISECONDS.toNanos(SLICE_MILLIS);
                if (!forever(deadline)) {
                    slice = Math.min(slice, remaining(deadline));
                }
                byte[] b = slice <= 0 ? q.poll() : q.poll(slice, TimeUnit.NANOSECONDS);
                if (b != null) {
                    return b;
                }
                if (!forever(deadline) && remaining(deadline) == 0) {
                    return null;
                }
            }
        } catch (IgniteInterruptedException e) {
            throw interrupted(e);
        }
    }

    @Override
    public byte[] peek() {
        return q().peek();
    }

    @Override
    public long size() {
        return q().size();
    }

    @Override
    public void taskDone() {
        if (closed) {
            throw closedNow();
        }
        IgniteAtomicLong u = unfinishedWord();
        while (true) {
            long v = u.get();
            if (v <= 0) {
                throw new IllegalStateException("taskDone() called more times than there were items put");
            }
            if (u.compareAndSet(v, v - 1)) {
                return;
            }
        }
    }

    @Override
    public boolean join(long deadline) throws InterruptedException {
        IgniteAtomicLong u = unfinishedWord();
        long backoff = 1;
        while (true) {
            if (closed) {
                throw new QueueClosedException("queue was closed in this process while waiting");
            }
            if (u.get() <= 0) {
                return true;
            }
            if (!forever(deadline) && remaining(deadline) == 0) {
                return false;
            }
            backoff = pause(backoff, deadline);
        }
    }

    @Override
    public long unfinished() {
        return joinable ? unfinishedWord().get() : 0;
    }

    @Override
    public void close() {
        closed = true;
    }

    @Override
    public boolean isClosed() {
        return closed;
    }

    void destroy() {
        IgniteQueue<byte[]> q = ignite().queue(name, 0, null);
        if (q != null) {
            q.close();
        }
        IgniteAtomicLong u = ignite().atomicLong(name + "#unfinished", 0, false);
        if (u != null) {
            u.close();
        }
    }
}
