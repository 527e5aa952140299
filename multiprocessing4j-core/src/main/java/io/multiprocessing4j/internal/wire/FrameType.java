package io.multiprocessing4j.internal.wire;

/** The frame types of the parent ↔ worker protocol, described in docs/architecture.md. */
public final class FrameType {
    private FrameType() {
    }

    // worker -> parent
    /**
     * A worker's first frame: {@code [32-byte token][int64 pid][int64 main µs][int64 hello µs]},
     * times in epoch microseconds.
     */
    public static final byte HELLO = 1;
    /** A task finished: {@code [int64 task id][serialized value]}. */
    public static final byte RESULT = 2;
    /** A task threw: {@code [int64 task id][serialized ThrowableReport or Throwable]}. */
    public static final byte ERROR = 3;
    /** A task began to run: {@code [int64 task id]}; lets the parent time tasks and find the overdue one. */
    public static final byte STARTED = 4;
    /** The worker's initializer failed: {@code [serialized error]}. */
    public static final byte INIT_FAILED = 5;
    /** Payload for a pool worker: a batch of results {@code [int32 n]([int64 id][byte ok][int32 len][bytes])*}. */
    public static final byte RESULTS = 6;
    /**
     * A {@code ChildProcess} worker is exiting, its output flushed and closed and its shutdown hooks
     * done: {@code [int32 status][int64 assigned µs][int64 running µs][int64 returned µs][int64 exiting µs]}.
     */
    public static final byte EXITED = 7;
    /**
     * Payload for a retiring pool worker: what its {@code workerExit} hook returned,
     * {@code [byte ok]} then the serialized value ({@code ok == 1}) or encoded exception.
     */
    public static final byte EXIT_RESULT = 8;

    // parent -> worker
    /** Run a ChildProcess target, then exit: {@code [ProcessAssignment.encode()]}. */
    public static final byte RUN_PROCESS = 20;
    /** Become a pool worker: {@code [PoolAssignment.encode()]}. */
    public static final byte BECOME_POOL_WORKER = 21;
    /** Define a function once per worker: {@code [int64 fn id][serialized function]}. */
    public static final byte DEFINE_FUNCTION = 22;
    /** A batch of tasks: {@code [int32 n]([int64 task id][int64 fn id][byte kind][int32 len][arg bytes])*}. */
    public static final byte TASKS = 23;
    /** Interrupt the thread running a task: {@code [int64 task id]}. */
    public static final byte INTERRUPT = 24;
    /** Finish the current tasks, then exit 0. */
    public static final byte SHUTDOWN = 25;
    /** Classes and static values a later frame's values need (see {@code internal.codeship.ShipLedger}). */
    public static final byte DEFINE_CLASSES = 26;
    /**
     * Functions the pool will not run on this worker again unless it defines them anew:
     * {@code [int32 n]([int64 fn id])*}. None of them has a chunk in the worker.
     */
    public static final byte FORGET_FUNCTIONS = 27;
    /**
     * To a spare, before any assignment: the direct-call forms ({@code internal.serial.LambdaCall}) of
     * targets the parent ran lately, whose classes it may load and methods resolve while it waits,
     * initializing nothing: {@code [int32 n]([int32 len][form])*}. A hint: nothing depends on it.
     */
    public static final byte PRELOAD_TARGETS = 28;
}
