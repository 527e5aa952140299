package io.multiprocessing4j.internal.manager;

import io.multiprocessing4j.manager.JoinableQueueProxy;

import java.time.Duration;
import java.util.Objects;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

/**
 * The object behind a managed {@code JoinableQueue}: a {@link LinkedBlockingQueue} that counts
 * the items inserted and not yet marked done.
 *
 * <p>Implementation notes. Every insert path of {@code LinkedBlockingQueue} goes through
 * {@code put}, {@code offer(e)} or {@code offer(e, timeout)} ({@code add} and {@code addAll} call
 * {@code offer}), so only those three count. The count goes up <em>before</em> the item is visible
 * and back down if the insert fails: a consumer that takes the item and calls {@code taskDone}
 * at once must never find the count still at zero (Python increments under the queue's lock for
 * the same reason). Calls are not serialised by the server (the type is not "locked": {@code take}
 * and {@code join} block), so the count has its own monitor.
 */
final class ManagedJoinableQueue<E> extends LinkedBlockingQueue<E> implements JoinableQueueProxy<E> {
    private static final long serialVersionUID = 1L;

    private final transient Object tasks = new Object();
    private long unfinished; // guarded by tasks

    ManagedJoinableQueue(int capacity) {
        super(capacity);
    }

    @FunctionalInterface
    private interface Insert {
        boolean run() throws InterruptedException;
    }

    private boolean counted(Insert insert) throws InterruptedException {
        synchronized (tasks) {
            unfinished++;
        }
        boolean inserted = false;
        try {
            inserted = insert.run();
            return inserted;
        } finally {
            if (!inserted) {
                finishOne();
            }
        }
    }

    private static AssertionError unreachable(InterruptedException e) {
        return new AssertionError("offer(e) does not wait", e);
    }

    @Override
    public void put(E e) throws InterruptedException {
        counted(() -> {
            super.put(e);
            return true;
        });
    }

    @Override
    public boolean offer(E e) {
        try {
            return counted(() -> super.offer(e));
        } catch (InterruptedException ie) {
            throw unreachable(ie);
        }
    }

    @Override
    public boolean offer(E e, long timeout, TimeUnit unit) throws InterruptedException {
        return counted(() -> super.offer(e, timeout, unit));
    }

    private void finishOne() {
        synchronized (tasks) {
            if (--unfinished == 0) {
                tasks.notifyAll();
            }
        }
    }

    @Override
    public void taskDone() {
        synchronized (tasks) {
            if (unfinished <= 0) {
                throw new IllegalStateException("taskDone() called more times than items were put in this managed"
                        + " joinable queue (Python: ValueError: task_done() called too many times); call it once per"
                        + " item taken");
            }
            finishOne();
        }
    }

    @Override
    public void join() throws InterruptedException {
        synchronized (tasks) {
            while (unfinished > 0) {
                tasks.wait();
            }
        }
    }

    @Override
    public boolean join(Duration timeout) throws InterruptedException {
        Objects.requireNonNull(timeout, "timeout must not be null; call join() to wait without a limit");
        long deadline = System.nanoTime() + timeout.toNanos();
        synchronized (tasks) {
            while (unfinished > 0) {
                long left = deadline - System.nanoTime();
                if (left <= 0) {
                    return false;
                }
                TimeUnit.NANOSECONDS.timedWait(tasks, left);
            }
            return true;
        }
    }

    @Override
    public long unfinishedTasks() {
        synchronized (tasks) {
            return unfinished;
        }
    }

    @Override
    public String toString() {
        return "JoinableQueue" + super.toString() + " (" + unfinishedTasks() + " unfinished)";
    }
}
