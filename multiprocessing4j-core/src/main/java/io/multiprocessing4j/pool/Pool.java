package io.multiprocessing4j.pool;

import io.multiprocessing4j.MpContext;
import io.multiprocessing4j.function.SerializableBiFunction;
import io.multiprocessing4j.function.SerializableCallable;
import io.multiprocessing4j.function.SerializableConsumer;
import io.multiprocessing4j.function.SerializableFunction;
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

    /** @return whether {@link #close()} or {@link #terminate()} was called */
    boolean isClosed();

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
        MpContext context;
        int workers;
        SerializableRunnable initializer;
        SerializableConsumer<Object> initializerWithArg;
        Object initializerArgument;
        int maxTasksPerChild;
        long maxWorkerMemoryBytes;
        Duration taskTimeout;
        Duration timeoutGrace = Duration.ofSeconds(1);
        Duration idleTimeout;
        RetryPolicy retryPolicy = RetryPolicy.none();
        List<String> jvmOptions = List.of();
        ProgressListener progressListener = io.multiprocessing4j.internal.pool.ProgressBar.defaultListener();
        String namePrefix;
        int dashboardPort = -1;

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
            Pool pool = io.multiprocessing4j.internal.pool.PoolFactory.create(this);
            if (dashboardPort >= 0) {
                try {
                    io.multiprocessing4j.internal.pool.DashboardLauncher.start(pool, dashboardPort);
                } catch (RuntimeException | Error e) {
                    pool.terminate();
                    throw e;
                }
            }
            return pool;
        }

        // accessors for the implementation
        /** @return the configured context, or null for the default */
        public MpContext contextOrNull() {
            return context;
        }

        /** @return the configured worker count, or 0 for the default */
        public int workersOrZero() {
            return workers;
        }

        /** @return the initializer without argument, or null */
        public SerializableRunnable initializerOrNull() {
            return initializer;
        }

        /** @return the initializer with an argument, or null */
        public SerializableConsumer<Object> initializerWithArgOrNull() {
            return initializerWithArg;
        }

        /** @return the initializer's argument */
        public Object initializerArgument() {
            return initializerArgument;
        }

        /** @return the configured maxTasksPerChild */
        public int maxTasksPerChild() {
            return maxTasksPerChild;
        }

        /** @return the configured memory limit */
        public long maxWorkerMemoryBytes() {
            return maxWorkerMemoryBytes;
        }

        /** @return the configured task timeout, or null */
        public Duration taskTimeout() {
            return taskTimeout;
        }

        /** @return the configured grace */
        public Duration timeoutGrace() {
            return timeoutGrace;
        }

        /** @return the configured idle timeout, or null */
        public Duration idleTimeout() {
            return idleTimeout;
        }

        /** @return the retry policy */
        public RetryPolicy retryPolicy() {
            return retryPolicy;
        }

        /** @return the worker JVM options */
        public List<String> jvmOptions() {
            return jvmOptions;
        }

        /** @return the progress listener, or null */
        public ProgressListener progressListener() {
            return progressListener;
        }

        /** @return the name prefix, or null for the default */
        public String namePrefixOrNull() {
            return namePrefix;
        }
    }
}
