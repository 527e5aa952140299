package io.multiprocessing4j.manager;

import java.time.Duration;
import java.util.concurrent.BlockingQueue;

/**
 * A queue held by a manager that counts unfinished tasks: Python's {@code Manager().JoinableQueue()}.
 * Every item a {@code put}, {@code offer} or {@code add} inserts is a task; a consumer calls
 * {@link #taskDone()} once per item it has finished with, and {@link #join()} waits until every
 * task is done. Taking an item ({@code take}, {@code poll}, {@code drainTo}, {@code remove}) does not
 * finish it.
 *
 * <p>A consumer that dies between taking an item and calling {@code taskDone()} leaves that task
 * unfinished forever, as in Python: use {@link #join(Duration)} when consumers may die.
 *
 * <p>Thread-safe; any process holding the proxy may call any method (the proxy is serializable and
 * reconnects). A caller blocked in {@code take} or {@code join} that dies or is killed gives up its
 * wait on the manager, without taking an item.
 *
 * @param <E> the item type
 */
public interface JoinableQueueProxy<E> extends BlockingQueue<E> {

    /**
     * Python's {@code task_done()}: one item taken earlier is finished. When this finishes the last
     * unfinished task, every {@link #join()} returns.
     *
     * @throws IllegalStateException if called more times than items were inserted (Python's
     *     {@code ValueError: task_done() called too many times})
     */
    void taskDone();

    /** Waits until every inserted item has been marked done with {@link #taskDone()}. */
    void join() throws InterruptedException;

    /**
     * As {@link #join()}, at most {@code timeout}.
     *
     * @return {@code true} if every task was done, {@code false} on time-out
     */
    boolean join(Duration timeout) throws InterruptedException;

    /** @return the items inserted and not yet marked done (Python's {@code _unfinished_tasks}) */
    long unfinishedTasks();
}
