package io.multiprocessing4j.internal.pool;

import io.multiprocessing4j.pool.Progress;
import io.multiprocessing4j.pool.ProgressListener;

import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.OptionalLong;
import java.util.concurrent.atomic.AtomicLong;

/**
 * One pool call: its function, its items, and where their results go. The manager thread cuts
 * chunks from it ({@link #nextChunk}) and reports each item's outcome ({@link #itemDone}).
 */
abstract class Job {
    private static final AtomicLong IDS = new AtomicLong(1);

    final long id = IDS.getAndIncrement();
    final String label;
    final FunctionRef function;
    final byte kind;
    final int chunksize;
    final long startNanos = System.nanoTime();
    private final ProgressListener progress;
    private final java.util.concurrent.Executor progressExecutor;
    private long lastProgressNanos;
    /** Items finished; written by the manager thread only, read by the progress bar (opaque). */
    long done;
    /** Items failed by a crash or a timeout; as {@link #done}. */
    long failedItems;
    /** Whether an observer was told this call finished; manager thread only. */
    boolean reportedFinished;
    /** Average time per item in the worker, -1 until known; manager thread only. */
    double avgItemNanos = -1;
    /** Crashes seen per item index; manager thread only. */
    final Map<Long, List<String>> crashHistory = new HashMap<>();
    volatile boolean cancelled;
    /**
     * This call's deadline per item, overriding the pool's {@code taskTimeout}; null for the pool's.
     * Set before the job is posted to the manager thread, which alone reads it.
     */
    Duration timeout;

    Job(String label, FunctionRef function, byte kind, int chunksize, ProgressListener progress,
        java.util.concurrent.Executor progressExecutor) {
        this.label = label;
        this.function = function;
        this.kind = kind;
        this.chunksize = chunksize;
        this.progress = progress == ProgressBar.LISTENER ? null : progress;
        this.progressExecutor = progressExecutor;
        this.bar = progress == ProgressBar.LISTENER;
    }

    private final boolean bar;

    /** Hands the call to the progress bar if it was given {@link ProgressBar#LISTENER}; once constructed. */
    final void startProgressBar() {
        if (bar) {
            ProgressBar.track(this);
        }
    }

    private static final java.lang.invoke.VarHandle DONE;
    private static final java.lang.invoke.VarHandle FAILED;

    static {
        try {
            var lookup = java.lang.invoke.MethodHandles.lookup();
            DONE = lookup.findVarHandle(Job.class, "done", long.class);
            FAILED = lookup.findVarHandle(Job.class, "failedItems", long.class);
        } catch (ReflectiveOperationException e) {
            throw new ExceptionInInitializerError(e);
        }
    }

    /** @return {@link #done}, read from a thread other than the manager thread */
    long doneOpaque() {
        return (long) DONE.getOpaque(this);
    }

    /** @return {@link #failedItems}, read from a thread other than the manager thread */
    long failedOpaque() {
        return (long) FAILED.getOpaque(this);
    }

    /** @return whether items are waiting to be cut into chunks */
    abstract boolean hasInput();

    /** Cuts the next at most {@code max} consecutive items, or returns null. */
    abstract Chunk nextChunk(long chunkId, int max);

    /** Records one item's outcome; {@code error} is null on success. */
    abstract void itemDone(long index, Object value, Throwable error);

    /** Items {@code first, first + 1, ...} all succeeded with {@code values}; the job is not finished. */
    void itemsDone(long first, Object[] values) {
        for (int i = 0; i < values.length && !finished(); i++) {
            itemDone(first + i, values[i], null);
        }
    }

    /** @return whether every item has an outcome (or the job failed as a whole) */
    abstract boolean finished();

    /** Fails everything not yet done. */
    abstract void failAll(Throwable error);

    /** @return items not yet cut into chunks, or -1 when unknown (lazy input) */
    abstract long remainingInput();

    /** @return the number of items, when known */
    abstract OptionalLong total();

    /** Stops reading lazy input (pool closing); items already read still run. */
    void stopInput() {
    }

    void recordDuration(long nanos) {
        avgItemNanos = avgItemNanos < 0 ? nanos : avgItemNanos * 0.8 + nanos * 0.2;
    }

    /**
     * {@link #recordDuration} for {@code count} items that took {@code totalNanos} together, as if
     * each took their mean: one step for a chunk instead of one per item.
     */
    void recordDurations(long totalNanos, int count) {
        if (count <= 0) {
            return;
        }
        double mean = (double) totalNanos / count;
        double keep = Math.pow(0.8, Math.min(count, 200));
        avgItemNanos = avgItemNanos < 0 ? mean : avgItemNanos * keep + mean * (1 - keep);
    }

    final void countDone() {
        countDone(1);
    }

    /** {@code items} more items finished. */
    final void countDone(int items) {
        done += items;
        if (progress == null) {
            return;
        }
        long now = System.nanoTime();
        boolean last = total().isPresent() && done >= total().getAsLong();
        if (last || now - lastProgressNanos >= 100_000_000L) {
            lastProgressNanos = now;
            Duration elapsed = Duration.ofNanos(now - startNanos);
            double rate = elapsed.isZero() ? 0 : done / (elapsed.toNanos() / 1e9);
            Progress p = new Progress(done, total(), rate, elapsed);
            progressExecutor.execute(() -> progress.onProgress(p));
        }
    }

    String describeItem(long index, Object original) {
        return label + " item " + index + " (argument " + summarize(original) + ")";
    }

    static String summarize(Object o) {
        String s;
        try {
            s = o instanceof Object[] arr ? java.util.Arrays.deepToString(arr) : String.valueOf(o);
        } catch (RuntimeException e) {
            s = o.getClass().getName();
        }
        return s.length() > 60 ? s.substring(0, 57) + "..." : s;
    }

    /**
     * The items of a list call, copied once: later changes to the caller's collection do not reach
     * the call (CPython's {@code map} also takes its items as they are when it is called).
     */
    static Object[] toArray(Iterable<?> items) {
        if (items instanceof java.util.Collection<?> c) {
            return c.toArray();
        }
        List<Object> list = new ArrayList<>();
        items.forEach(list::add);
        return list.toArray();
    }
}
