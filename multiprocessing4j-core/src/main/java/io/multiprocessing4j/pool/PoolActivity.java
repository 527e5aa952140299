package io.multiprocessing4j.pool;

import java.util.List;
import java.util.OptionalLong;

/**
 * Something that happened in a pool, told to a {@link PoolObserver}: the raw material of a live view
 * such as the dashboard (workers coming and going, each item run with its worker and times, the
 * problems met). Times are wall-clock, in milliseconds or microseconds since the epoch, so a page
 * can draw them; durations are in nanoseconds as measured in the worker.
 *
 * <p>Immutable values; safe to hand to any thread.
 */
public sealed interface PoolActivity {

    /** @return when it happened, in milliseconds since the epoch */
    long atMillis();

    /**
     * A worker is ready for work.
     *
     * @param worker its name
     * @param pid its process id (this process's own in the thread context)
     * @param startupNanos how long it took to start
     */
    record WorkerStarted(long atMillis, String worker, long pid, long startupNanos) implements PoolActivity {
    }

    /**
     * A worker ended.
     *
     * @param worker its name
     * @param pid its process id
     * @param exitCode Python's convention: {@code -N} for signal N
     * @param crashed whether it died without being asked to stop
     * @param cause how it ended, in words (signal, exit code, out-of-memory hint), for a crash
     * @param stderrTail the last lines it wrote to stderr, for a crash
     */
    record WorkerExited(long atMillis, String worker, long pid, int exitCode, boolean crashed, String cause,
                        List<String> stderrTail) implements PoolActivity {
        public WorkerExited {
            stderrTail = List.copyOf(stderrTail);
        }
    }

    /**
     * A call ({@code map}, {@code imap}, {@code apply}, ...) reached the pool, or was already running
     * when the observer was added.
     *
     * @param callId the call's number within this process
     * @param call its kind, e.g. {@code "map"}
     * @param total its number of items, when known
     * @param done items already finished
     */
    record CallStarted(long atMillis, long callId, String call, OptionalLong total, long done) implements PoolActivity {
    }

    /**
     * A call has every outcome, or failed or was cancelled as a whole.
     *
     * @param callId the call's number
     * @param done items finished
     */
    record CallFinished(long atMillis, long callId, long done) implements PoolActivity {
    }

    /**
     * One item ran, or ended with its worker's death or a timeout kill (then {@code failed}). Items of
     * one chunk arrive together, when the chunk's results do. Every item that finishes gets one, so
     * counting them counts a call's progress; an item that is retried gets one only for its last run.
     *
     * @param callId the call's number
     * @param index the item's index in the call
     * @param worker the worker that ran it
     * @param startMicros when it began, microseconds since the epoch (derived from its duration)
     * @param nanos how long it ran in the worker
     * @param failed whether it raised an exception
     */
    record TaskDone(long atMillis, long callId, long index, String worker, long startMicros, long nanos,
                    boolean failed) implements PoolActivity {
    }

    /**
     * What each busy worker is running now; sent about four times a second while the pool is observed.
     *
     * @param tasks one entry per busy worker
     */
    record Running(long atMillis, List<RunningTask> tasks) implements PoolActivity {
        public Running {
            tasks = List.copyOf(tasks);
        }
    }

    /**
     * An item a worker is running.
     *
     * @param worker the worker
     * @param callId the call's number
     * @param call the call's kind
     * @param index the item's index
     * @param startMicros when it began, microseconds since the epoch
     */
    record RunningTask(String worker, long callId, String call, long index, long startMicros) {
    }

    /** The kinds of {@link Problem}. */
    enum ProblemKind {
        /** an item's worker died and the item failed */
        CRASH,
        /** an item overran the task timeout */
        TIMEOUT,
        /** an item's worker died and the item is run again (see {@link RetryPolicy}) */
        RETRY
    }

    /**
     * An item met trouble.
     *
     * @param kind what happened
     * @param worker the worker involved
     * @param pid its process id
     * @param task the call, item index and argument summary
     * @param cause why, in words: signal, exit code, out-of-memory hint, or the timeout
     * @param stderrTail the worker's last stderr lines, for a crash
     */
    record Problem(long atMillis, ProblemKind kind, String worker, long pid, String task, String cause,
                   List<String> stderrTail) implements PoolActivity {
        public Problem {
            stderrTail = List.copyOf(stderrTail);
        }
    }

    /** The pool stopped: its workers are gone and it takes no more work. Always the last activity. */
    record Closed(long atMillis) implements PoolActivity {
    }
}
