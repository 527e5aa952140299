package io.multiprocessing4j.pool;

import io.multiprocessing4j.MpContext;
import io.multiprocessing4j.Multiprocessing;
import io.multiprocessing4j.function.SerializableBiFunction;
import io.multiprocessing4j.function.SerializableCallable;
import io.multiprocessing4j.function.SerializableConsumer;
import io.multiprocessing4j.function.SerializableFunction;
import io.multiprocessing4j.function.SerializableQuadFunction;
import io.multiprocessing4j.function.SerializableTriFunction;
import io.multiprocessing4j.function.SerializableRunnable;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;

/**
 * A pool of worker processes: Python's {@code multiprocessing.Pool}, made to survive what breaks
 * CPython's.
 *
 * <p>Create one with {@code ctx.pool(n)} or {@link #builder()}. In the {@code spawn} context each
 * worker is a JVM; in the {@code thread} context a thread, with the same API.
 *
 * <p><b>Failures.</b> A task that throws fails its own item; its exception reaches the caller with
 * the worker's stack trace as the cause. A worker that dies (SIGKILL, {@code System.exit},
 * {@code Runtime.halt}, out of memory, a native crash) fails only the item it was running, with a
 * {@link io.multiprocessing4j.process.WorkerCrashedException} saying how it died, or has it retried
 * (see {@link RetryPolicy}); items it held but had not started are run elsewhere, a replacement starts
 * and the pool goes on serving. An item that overruns {@code taskTimeout} fails with
 * {@link TaskTimeoutException}; its worker is interrupted, then killed and replaced if it does not
 * stop. The pool never hangs because a worker died.
 *
 * <p><b>Closing.</b> {@link #close()} stops new work, waits for the calls already made and stops
 * the workers: Python's {@code close()} followed by {@code join()}. It is what try-with-resources
 * calls, so results of {@code *Async} calls made inside the block are never lost. Python's
 * {@code with Pool()} calls {@code terminate()} instead; call {@link #terminate()} for that.
 *
 * <p><b>Thread-safety.</b> All methods may be called from any thread of the process that created
 * the pool, concurrently. A pool is not serializable and cannot be used from its workers.
 */
public interface Pool extends AutoCloseable {

    /** @return a builder for a pool in the default context */
    static Builder builder() {
        return new Builder();
    }

    /** @return the number of workers */
    int size();

    // --- map family -------------------------------------------------------------------------------

    /**
     * Applies {@code function} to every item, in parallel, and returns the results in input order.
     * Chunk sizes adapt to the task duration. Fails with the first failed item's exception.
     *
     * @throws RuntimeException the first failed item's exception (see the class notes)
     */
    <T, R> List<R> map(SerializableFunction<? super T, ? extends R> function, Iterable<? extends T> items);

    /**
     * As {@link #map(SerializableFunction, Iterable)}, sending items to workers {@code chunksize} at a time.
     *
     * @throws IllegalArgumentException if {@code chunksize < 1}
     */
    <T, R> List<R> map(SerializableFunction<? super T, ? extends R> function, Iterable<? extends T> items, int chunksize);

    /**
     * Applies {@code function} to every item and returns what happened to each, value or exception,
     * in input order: one failure does not hide the other results.
     */
    <T, R> List<Outcome<R>> mapOutcomes(SerializableFunction<? super T, ? extends R> function, Iterable<? extends T> items);

    /** Asynchronous {@link #map(SerializableFunction, Iterable)}: Python's {@code map_async}. */
    <T, R> AsyncResult<List<R>> mapAsync(SerializableFunction<? super T, ? extends R> function, Iterable<? extends T> items);

    /** As {@link #mapAsync(SerializableFunction, Iterable)}, with a chunk size and callbacks (either may be null). */
    <T, R> AsyncResult<List<R>> mapAsync(SerializableFunction<? super T, ? extends R> function, Iterable<? extends T> items,
                                         int chunksize, Consumer<? super List<R>> callback, Consumer<? super Throwable> errorCallback);

    /**
     * As {@link #map(SerializableFunction, Iterable)}, telling {@code progress} how the call advances.
     * Pass {@link Progress#bar()} for a progress bar on stderr.
     */
    <T, R> List<R> map(SerializableFunction<? super T, ? extends R> function, Iterable<? extends T> items,
                       ProgressListener progress);

    /**
     * Applies a two-argument function to every pair: Python's {@code starmap}. Pairs are
     * {@code Map.entry(a, b)} or any {@link Map.Entry}.
     */
    <A, B, R> List<R> starmap(SerializableBiFunction<? super A, ? super B, ? extends R> function,
                              Iterable<? extends Map.Entry<? extends A, ? extends B>> pairs);

    /** As {@link #starmap(SerializableBiFunction, Iterable)}, telling {@code progress} how the call advances. */
    <A, B, R> List<R> starmap(SerializableBiFunction<? super A, ? super B, ? extends R> function,
                              Iterable<? extends Map.Entry<? extends A, ? extends B>> pairs, ProgressListener progress);

    /** Asynchronous {@link #starmap}. */
    <A, B, R> AsyncResult<List<R>> starmapAsync(SerializableBiFunction<? super A, ? super B, ? extends R> function,
                                                Iterable<? extends Map.Entry<? extends A, ? extends B>> pairs);

    /**
     * Applies a two-argument function to argument lists or records of two components: Python's
     * {@code starmap(f, [(a, b), ...])} written {@code pool.starmap(f, List.of(List.of(a, b), ...))}.
     * Give the lambda's parameter types when the lists hold mixed types:
     * {@code (Integer a, String b) -> ...}. Every item is checked before anything runs.
     *
     * @throws IllegalArgumentException if an item does not hold exactly two values; the message names its index
     */
    default <A, B, R> List<R> starmap(SerializableBiFunction<? super A, ? super B, ? extends R> function,
                                      List<? extends List<?>> argumentLists) {
        return starmap(function, Starmaps.<A, B>entriesOf("starmap", argumentLists));
    }

    /**
     * As {@link #starmap(SerializableBiFunction, List)} over records of two components, e.g.
     * {@code record Pair(int a, int b)}: each record's components, in declaration order, are the arguments.
     *
     * @throws IllegalArgumentException if a record does not have exactly two components; the message names its index
     */
    default <A, B, R> List<R> starmap(SerializableBiFunction<? super A, ? super B, ? extends R> function,
                                      java.util.Collection<? extends Record> records) {
        return starmap(function, Starmaps.<A, B>entriesOf("starmap", records));
    }

    /**
     * Applies a three-argument function to every tuple: Python's {@code starmap(f, [(a, b, c), ...])}.
     * A tuple is a {@link List}, an array (of objects or primitives), a record or anything else listed
     * in the message of a wrong one, holding exactly three values; results come in input order. Every
     * tuple is checked in the caller's thread before anything runs. With an implicitly typed lambda
     * the parameters are {@code Object}; write {@code (Integer a, Integer b, Integer c) -> ...} for types.
     *
     * @throws IllegalArgumentException if a tuple does not hold exactly three values, naming its index
     * @throws NullPointerException if {@code function}, {@code tuples} or a tuple is null (naming its index)
     */
    default <A, B, C, R> List<R> starmap(SerializableTriFunction<? super A, ? super B, ? super C, ? extends R> function,
                                         Iterable<?> tuples) {
        return map(Starmaps.spread(function),
                Starmaps.tuples("starmap", tuples, 3));
    }

    /** As {@link #starmap(SerializableTriFunction, Iterable)} for a function of four arguments. */
    default <A, B, C, D, R> List<R> starmap(SerializableQuadFunction<? super A, ? super B, ? super C, ? super D, ? extends R> function,
                                            Iterable<?> tuples) {
        return map(Starmaps.spread(function),
                Starmaps.tuples("starmap", tuples, 4));
    }

    /** Asynchronous {@link #starmap(SerializableTriFunction, Iterable)}: Python's {@code starmap_async}. */
    default <A, B, C, R> AsyncResult<List<R>> starmapAsync(
            SerializableTriFunction<? super A, ? super B, ? super C, ? extends R> function, Iterable<?> tuples) {
        return mapAsync(Starmaps.spread(function),
                Starmaps.tuples("starmap", tuples, 3));
    }

    /** Asynchronous {@link #starmap(SerializableQuadFunction, Iterable)}. */
    default <A, B, C, D, R> AsyncResult<List<R>> starmapAsync(
            SerializableQuadFunction<? super A, ? super B, ? super C, ? super D, ? extends R> function, Iterable<?> tuples) {
        return mapAsync(Starmaps.spread(function),
                Starmaps.tuples("starmap", tuples, 4));
    }

    /**
     * Lazy, ordered map: reads input only as results are consumed, so {@code items} may be endless.
     */
    <T, R> ResultIterator<R> imap(SerializableFunction<? super T, ? extends R> function, Iterable<? extends T> items);

    /** As {@link #imap(SerializableFunction, Iterable)} with a chunk size. */
    <T, R> ResultIterator<R> imap(SerializableFunction<? super T, ? extends R> function, Iterable<? extends T> items, int chunksize);

    /** As {@link #imap(SerializableFunction, Iterable)}, telling {@code progress} how the call advances. */
    <T, R> ResultIterator<R> imap(SerializableFunction<? super T, ? extends R> function, Iterable<? extends T> items,
                                  ProgressListener progress);

    /** Lazy map whose results come in completion order. */
    <T, R> ResultIterator<R> imapUnordered(SerializableFunction<? super T, ? extends R> function, Iterable<? extends T> items);

    /** As {@link #imapUnordered(SerializableFunction, Iterable)} with a chunk size. */
    <T, R> ResultIterator<R> imapUnordered(SerializableFunction<? super T, ? extends R> function, Iterable<? extends T> items,
                                           int chunksize);

    /**
     * Applies {@code function} to every item together with the worker's own state, in parallel,
     * results in input order (mpire's {@code use_worker_state}). The state is what the pool's
     * {@link Builder#workerState} supplier built in the worker running the item; it persists across
     * items and calls in that worker, so a task may use it as a cache.
     *
     * @param function {@code (state, item) -> result}
     * @throws IllegalStateException if the pool was built without {@code workerState}
     */
    <S, T, R> List<R> mapWithState(io.multiprocessing4j.function.SerializableBiFunction<? super S, ? super T, ? extends R> function,
                                   Iterable<? extends T> items);

    // --- apply family -----------------------------------------------------------------------------

    /** Runs {@code function.apply(argument)} in a worker and waits: Python's {@code apply}. */
    <T, R> R apply(SerializableFunction<? super T, ? extends R> function, T argument);

    /** Runs {@code task} in a worker and waits. */
    <R> R apply(SerializableCallable<? extends R> task);

    /** Runs {@code function.apply(argument)} in a worker: Python's {@code apply_async}. */
    <T, R> AsyncResult<R> applyAsync(SerializableFunction<? super T, ? extends R> function, T argument);

    /** As {@link #applyAsync(SerializableFunction, Object)}, with callbacks (either may be null). */
    <T, R> AsyncResult<R> applyAsync(SerializableFunction<? super T, ? extends R> function, T argument,
                                     Consumer<? super R> callback, Consumer<? super Throwable> errorCallback);

    /** Runs {@code task} in a worker. */
    <R> AsyncResult<R> applyAsync(SerializableCallable<? extends R> task);

    // --- per-call timeouts (pebble's schedule(timeout=)) ------------------------------------------------

    /**
     * As {@link #apply(SerializableFunction, Object)}, with a deadline for this call only, overriding
     * the pool's {@code taskTimeout}: pebble's {@code schedule(f, args, timeout=)}. A task still
     * running at the deadline is interrupted; if it has not stopped after the pool's
     * {@code timeoutGrace}, its worker is killed and replaced. Only this call fails, with
     * {@link TaskTimeoutException}; other calls and the pool go on.
     *
     * @param timeout the longest the task may run, positive
     * @throws TaskTimeoutException if the task overran {@code timeout}
     * @throws IllegalArgumentException if {@code timeout} is zero or negative
     * @throws NullPointerException if {@code function} or {@code timeout} is null
     */
    <T, R> R apply(SerializableFunction<? super T, ? extends R> function, T argument, Duration timeout);

    /**
     * Asynchronous {@link #apply(SerializableFunction, Object, Duration)}: the result fails with
     * {@link TaskTimeoutException} if the task overruns {@code timeout}. The deadline counts from
     * when a worker starts the task, not from this call, so waiting for a free worker does not use it up.
     */
    <T, R> AsyncResult<R> applyAsync(SerializableFunction<? super T, ? extends R> function, T argument, Duration timeout);

    /** As {@link #applyAsync(SerializableFunction, Object, Duration)} for a task without argument. */
    <R> AsyncResult<R> applyAsync(SerializableCallable<? extends R> task, Duration timeout);

    /**
     * As {@link #map(SerializableFunction, Iterable)}, with a deadline for each item of this call,
     * overriding the pool's {@code taskTimeout}. An overdue item's worker is interrupted, then killed
     * and replaced; the call fails with that item's {@link TaskTimeoutException}. Use
     * {@link #mapOutcomes(SerializableFunction, Iterable, Duration)} to keep the other items' results.
     *
     * @param timeoutPerItem the longest any one item may run, positive
     */
    <T, R> List<R> map(SerializableFunction<? super T, ? extends R> function, Iterable<? extends T> items,
                       Duration timeoutPerItem);

    /**
     * As {@link #mapOutcomes(SerializableFunction, Iterable)} with a deadline per item: an overdue
     * item's outcome is a {@link TaskTimeoutException} and every other item still reports its own.
     */
    <T, R> List<Outcome<R>> mapOutcomes(SerializableFunction<? super T, ? extends R> function,
                                        Iterable<? extends T> items, Duration timeoutPerItem);

    // --- lifecycle --------------------------------------------------------------------------------

    /**
     * Stops accepting work, waits for every call already made, then stops the workers (Python's
     * {@code close()} + {@code join()}). Idempotent.
     */
    @Override
    void close();

    /** Stops the workers now; calls still running fail with {@code CancellationException}. Idempotent. */
    void terminate();

    /**
     * Waits until the workers have stopped after {@link #close()} or {@link #terminate()}.
     *
     * @throws IllegalStateException if neither was called (as in Python)
     */
    void join() throws InterruptedException;

    /**
     * Waits at most {@code timeout} for the workers to stop after {@link #close()} or
     * {@link #terminate()}: Python's {@code join()} with the timeout its {@code Process.join} has.
     *
     * @param timeout how long to wait; zero or negative checks without waiting
     * @return whether the workers have stopped
     * @throws IllegalStateException if neither {@code close()} nor {@code terminate()} was called
     * @throws NullPointerException if {@code timeout} is null
     * @throws InterruptedException if interrupted while waiting
     */
    boolean join(Duration timeout) throws InterruptedException;

    /**
     * Whether the pool can no longer run anything (every initializer failed, workers cannot start):
     * calls then fail with {@link BrokenPoolException}. A worker that crashes in a task does not
     * break the pool. Any thread may call it.
     *
     * @return whether the pool is broken
     */
    boolean isBroken();

    /** @return whether {@link #close()} or {@link #terminate()} was called */
    boolean isClosed();

    /**
     * What the {@link Builder#workerExit} hook returned (or threw) in each worker that has retired so
     * far, in the order they arrived: after {@link #close()}, one per worker that ever served the
     * pool and retired normally (see {@code workerExit} for when it does not run). Empty without a
     * hook. Any thread may call it; the list is a copy.
     *
     * @return the hooks' outcomes
     */
    List<Outcome<Object>> exitResults();

    /** @return where the pool's time went so far */
    PoolInsights insights();

    /**
     * Tells {@code observer} what happens in the pool from now on, starting with the workers and calls
     * already there. After the pool stops it gets {@link PoolActivity.Closed} and nothing more.
     */
    void addObserver(PoolObserver observer);

    /** Stops telling {@code observer}; it may still get an activity already on its way. */
    void removeObserver(PoolObserver observer);

    /**
     * Configures a pool. Not thread-safe; build once.
     */
    final class Builder {
        private MpContext context;
        private int workers;
        private SerializableRunnable initializer;
        private SerializableConsumer<Object> initializerWithArg;
        private Object initializerArgument;
        private int maxTasksPerChild;
        private long maxWorkerMemoryBytes;
        private Duration taskTimeout;
        private Duration timeoutGrace = Duration.ofSeconds(1);
        private Duration idleTimeout;
        private RetryPolicy retryPolicy = RetryPolicy.none();
        private List<String> jvmOptions = List.of();
        private ProgressListener progressListener = Progress.defaultListener();
        private String namePrefix;
        private io.multiprocessing4j.function.SerializableSupplier<?> workerState;
        private io.multiprocessing4j.function.SerializableFunction<?, ?> workerExit;
        private int dashboardPort = -1;

        Builder() {
        }

        /** The context whose workers run the tasks; default {@code Multiprocessing.context()}. */
        public Builder context(MpContext ctx) {
            this.context = java.util.Objects.requireNonNull(ctx, "context");
            return this;
        }

        /**
         * The number of workers; default {@code Multiprocessing.cpuCount()}.
         *
         * @throws IllegalArgumentException if {@code n < 1}
         */
        public Builder workers(int n) {
            if (n < 1) {
                throw new IllegalArgumentException("workers must be >= 1, got " + n);
            }
            this.workers = n;
            return this;
        }

        /** Runs once in each worker before its first task. If it throws, see {@link InitializerFailedException}. */
        public Builder initializer(SerializableRunnable init) {
            this.initializer = java.util.Objects.requireNonNull(init, "initializer");
            this.initializerWithArg = null;
            return this;
        }

        /** Runs {@code init.accept(argument)} once in each worker before its first task (Python's {@code initargs}). */
        @SuppressWarnings("unchecked")
        public <A> Builder initializer(SerializableConsumer<A> init, A argument) {
            this.initializerWithArg = (SerializableConsumer<Object>) java.util.Objects.requireNonNull(init, "initializer");
            this.initializerArgument = argument;
            this.initializer = null;
            return this;
        }

        /**
         * Replaces a worker after it has run {@code n} items (Python's {@code maxtasksperchild}); 0 means never.
         */
        public Builder maxTasksPerChild(int n) {
            if (n < 0) {
                throw new IllegalArgumentException("maxTasksPerChild must be >= 0 (0 = unlimited), got " + n);
            }
            this.maxTasksPerChild = n;
            return this;
        }

        /** Replaces a worker, between tasks, once its resident memory exceeds {@code bytes}; 0 means never. */
        public Builder maxWorkerMemory(long bytes) {
            if (bytes < 0) {
                throw new IllegalArgumentException("maxWorkerMemory must be >= 0 bytes (0 = unlimited), got " + bytes);
            }
            this.maxWorkerMemoryBytes = bytes;
            return this;
        }

        /** The longest any one item may run; null (the default) means no limit. */
        public Builder taskTimeout(Duration timeout) {
            if (timeout != null && (timeout.isNegative() || timeout.isZero())) {
                throw new IllegalArgumentException("taskTimeout must be positive, got " + timeout);
            }
            this.taskTimeout = timeout;
            return this;
        }

        /** How long an interrupted overdue item has to stop before its worker is killed; default 1 s. */
        public Builder timeoutGrace(Duration grace) {
            if (grace == null || grace.isNegative()) {
                throw new IllegalArgumentException("timeoutGrace must be >= 0, got " + grace);
            }
            this.timeoutGrace = grace;
            return this;
        }

        /** Stops workers that have been idle this long; they are started again when work arrives. */
        public Builder idleTimeout(Duration timeout) {
            if (timeout != null && (timeout.isNegative() || timeout.isZero())) {
                throw new IllegalArgumentException("idleTimeout must be positive, got " + timeout);
            }
            this.idleTimeout = timeout;
            return this;
        }

        /** What to do with an item whose worker died; default {@link RetryPolicy#none()}. */
        public Builder retryPolicy(RetryPolicy policy) {
            this.retryPolicy = java.util.Objects.requireNonNull(policy, "retryPolicy");
            return this;
        }

        /** Extra JVM options for the worker JVMs, e.g. {@code -Xmx512m}. Workers with non-default options start cold. */
        public Builder jvmOptions(List<String> options) {
            this.jvmOptions = List.copyOf(options);
            return this;
        }

        /** Same as {@link #jvmOptions(List)}. */
        public Builder jvmOptions(String... options) {
            return jvmOptions(List.of(options));
        }

        /** Told of every call's progress. */
        public Builder progressListener(ProgressListener listener) {
            this.progressListener = listener;
            return this;
        }

        /**
         * Gives each worker its own state, built once by {@code supplier} in the worker, after the
         * initializer and before the first task, and kept for the worker's life (mpire's
         * {@code use_worker_state}): a loaded model, a connection, a cache. Tasks get it through
         * {@link Pool#mapWithState} or {@link PoolWorker#state()}. A supplier that throws fails the
         * pool as a failing initializer does ({@link InitializerFailedException}). In the spawn
         * context the supplier is serialized here and runs in each worker JVM.
         *
         * @throws NullPointerException if {@code supplier} is null
         */
        public Builder workerState(io.multiprocessing4j.function.SerializableSupplier<?> supplier) {
            this.workerState = java.util.Objects.requireNonNull(supplier,
                    "workerState supplier must not be null: omit workerState(..) for workers without state");
            return this;
        }

        /**
         * Draws a progress bar on stderr during each {@code map}, {@code imap} and {@code starmap}
         * (see {@link Progress#bar()}); replaces any {@link #progressListener}. Also on for every
         * pool when the system property {@code mp4j.progressBar} is {@code true} or the environment
         * variable {@code MP4J_PROGRESS_BAR} is {@code 1}.
         */
        public Builder progressBar(boolean on) {
            if (on) {
                this.progressListener = Progress.bar();
            } else if (this.progressListener == Progress.bar()) {
                this.progressListener = null;
            }
            return this;
        }

        /**
         * Runs {@code hook} on the worker's state (null without {@link #workerState}) when a worker
         * retires normally: recycled ({@code maxTasksPerChild}, {@code maxWorkerMemory}, idle
         * timeout) or stopped by {@link Pool#close()} (mpire's {@code worker_exit}). What it returns,
         * or throws, is collected by {@link Pool#exitResults()}. It does not run when a worker
         * crashes, is killed for a timeout or cancellation, or the pool is {@code terminate()}d.
         * In the spawn context the hook is serialized here and its result travels back.
         *
         * @param hook {@code state -> result}; the result must be serializable
         * @throws NullPointerException if {@code hook} is null
         */
        public <S> Builder workerExit(io.multiprocessing4j.function.SerializableFunction<? super S, ?> hook) {
            this.workerExit = java.util.Objects.requireNonNull(hook,
                    "workerExit hook must not be null: omit workerExit(..) for workers without one");
            return this;
        }

        /**
         * Serves a live dashboard of the pool at {@code http://127.0.0.1:port/} (0: any free port),
         * printing its address, with its access token, once on stderr. Needs the
         * {@code multiprocessing4j-dashboard} module on the class path.
         *
         * @throws IllegalArgumentException if the port is outside 0..65535
         */
        public Builder dashboard(int port) {
            if (port < 0 || port > 65_535) {
                throw new IllegalArgumentException("dashboard port must be 0..65535 (0 = any free port), got " + port);
            }
            this.dashboardPort = port;
            return this;
        }

        /** The workers' name prefix; default {@code SpawnPoolWorker} / {@code ThreadPoolWorker}. */
        public Builder workerNamePrefix(String prefix) {
            if (prefix == null || prefix.isBlank()) {
                throw new IllegalArgumentException("workerNamePrefix must be non-blank");
            }
            this.namePrefix = prefix;
            return this;
        }

        /**
         * Starts the pool. Workers start in the background (warm spares first); calls made before they
         * are ready wait for them.
         *
         * @throws io.multiprocessing4j.spi.SerializationException if the initializer or its argument cannot be serialized
         */
        public Pool build() {
            PoolOptions options = options();
            Pool pool = io.multiprocessing4j.spi.LocalBackends.get().pool(options);
            if (options.dashboardPort() >= 0) {
                try {
                    io.multiprocessing4j.spi.LocalBackends.get().startDashboard(pool, options.dashboardPort());
                } catch (RuntimeException | Error e) {
                    pool.terminate();
                    throw e;
                }
            }
            return pool;
        }

        /**
         * The settings as they stand, with the defaults resolved: the default context
         * ({@code Multiprocessing.context()}) when none was set, {@code Multiprocessing.cpuCount()}
         * workers when no count was. What {@link #build()} hands to the implementation.
         */
        PoolOptions options() {
            return new PoolOptions(context != null ? context : Multiprocessing.context(),
                    workers > 0 ? workers : Multiprocessing.cpuCount(), initializer, initializerWithArg,
                    initializerArgument, maxTasksPerChild, maxWorkerMemoryBytes, taskTimeout, timeoutGrace, idleTimeout,
                    retryPolicy, jvmOptions, progressListener, namePrefix, workerState, workerExit, dashboardPort);
        }
    }
}
