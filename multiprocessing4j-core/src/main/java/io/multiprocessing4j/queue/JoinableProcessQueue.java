package io.multiprocessing4j.queue;

import io.multiprocessing4j.spi.ItemQueueBackend;
import io.multiprocessing4j.spi.LocalBackends;
import io.multiprocessing4j.spi.QueueBackend;

import java.io.Serial;
import java.time.Duration;

/**
 * A {@link ProcessQueue} that counts unfinished tasks: Python's {@code multiprocessing.JoinableQueue}.
 * Every {@code put} adds a task; a consumer calls {@link #taskDone()} once per item it has finished;
 * {@link #join()} waits until every task is done.
 *
 * <p>A consumer that dies between taking an item and {@code taskDone()} leaves that task unfinished
 * forever, as in Python: use {@link #join(Duration)} when consumers may die.
 *
 * @param <E> the item type
 */
public class JoinableProcessQueue<E> extends ProcessQueue<E> {
    @Serial
    private static final long serialVersionUID = 1L;

    JoinableProcessQueue(ItemQueueBackend backend) {
        super(backend);
    }

    /**
     * For context providers ({@link io.multiprocessing4j.spi}): a joinable queue over {@code backend}
     * (whose {@code put} counts tasks), as the cluster context's are. Applications use {@code ctx.joinableQueue()}.
     */
    public static <E> JoinableProcessQueue<E> backedBy(QueueBackend backend) {
        return new JoinableProcessQueue<>(LocalBackends.get().serializing(backend));
    }

    /** Creates a joinable queue in shared memory; prefer {@code ctx.joinableQueue(..)}. */
    public static <E> JoinableProcessQueue<E> create(int maxsize) {
        return new JoinableProcessQueue<>(newQueue(checkMaxsize(maxsize)));
    }

    /**
     * Python's {@code task_done()}: one item taken earlier is finished.
     *
     * @throws IllegalStateException if called more times than items were put (Python's ValueError)
     */
    public void taskDone() {
        requireOpen();
        try {
            backend.taskDone();
        } catch (IllegalStateException e) {
            throw closedOr(e);
        }
    }

    /** Waits until every item put has been marked done with {@link #taskDone()}. */
    public void join() throws InterruptedException {
        join(null);
    }

    /**
     * Waits at most {@code timeout} ({@code null}: no limit) for every task to be done.
     *
     * @return {@code true} if all were done, {@code false} on time-out
     */
    public boolean join(Duration timeout) throws InterruptedException {
        requireOpen();
        try {
            return backend.join(deadline(timeout));
        } catch (IllegalStateException e) {
            throw closedOr(e);
        }
    }

    /** @return tasks put and not yet marked done */
    public long unfinishedTasks() {
        return backend.unfinished();
    }

    @Override
    int kind() {
        return 1;
    }
}
