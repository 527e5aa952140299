package io.multiprocessing4j.internal.pool;

import io.multiprocessing4j.function.SerializableBiFunction;
import io.multiprocessing4j.function.SerializableCallable;
import io.multiprocessing4j.function.SerializableFunction;
import io.multiprocessing4j.internal.wire.TaskKind;
import io.multiprocessing4j.pool.AsyncResult;
import io.multiprocessing4j.pool.Outcome;
import io.multiprocessing4j.pool.Pool;
import io.multiprocessing4j.pool.PoolInsights;
import io.multiprocessing4j.pool.PoolObserver;
import io.multiprocessing4j.pool.ProgressListener;
import io.multiprocessing4j.pool.ResultIterator;

import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Executor;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Consumer;

/**
 * The {@link Pool} of every context: checks arguments and turns calls into jobs for the
 * {@link PoolEngine}, in the caller's thread (where serialization errors must surface).
 */
public final class PoolImpl implements Pool {
    private final PoolConfig cfg;
    private final WorkerBackend backend;
    private final PoolEngine engine;
    private final AtomicBoolean closed = new AtomicBoolean();
    private final Executor progressExecutor;
    private final Thread shutdownHook;

    PoolImpl(PoolConfig cfg, WorkerBackend backend) {
        this.cfg = cfg;
        this.backend = backend;
        this.engine = new PoolEngine(cfg, backend);
        this.progressExecutor = cfg.progressListener() == null || cfg.progressListener() == ProgressBar.LISTENER ? Runnable::run
                : Executors.newSingleThreadExecutor(r -> Thread.ofPlatform().daemon().name("mp4j-pool-progress").unstarted(r));
        engine.start();
        // Ctrl-C or System.exit: stop the workers (worker JVMs also die with this JVM by themselves)
        this.shutdownHook = new Thread(() -> engine.post(new PoolEvent.Terminate()), "mp4j-pool-shutdown");
        try {
            Runtime.getRuntime().addShutdownHook(shutdownHook);
        } catch (IllegalStateException alreadyShuttingDown) {
            // fine: the JVM is exiting and kills the workers anyway
        }
        engine.stopped().thenRun(() -> {
            try {
                Runtime.getRuntime().removeShutdownHook(shutdownHook);
            } catch (IllegalStateException ignored) {
                // shutting down
            }
        });
    }

    @Override
    public int size() {
        return cfg.workers();
    }

    private void requireOpen() {
        if (closed.get()) {
            throw new IllegalStateException("the pool is closed: create a new pool for more work");
        }
    }

    private static void requireChunksize(int chunksize) {
        if (chunksize < 1) {
            throw new IllegalArgumentException("chunksize must be >= 1, got " + chunksize);
        }
    }

    private FunctionRef ref(Object function) {
        Objects.requireNonNull(function, "function must not be null");
        long t0 = System.nanoTime();
        try {
            return FunctionRef.of(function, backend.serializes());
        } finally {
            cfg.serializationNanos().add(System.nanoTime() - t0);
        }
    }

    private <R> AsyncResultImpl<R> submitList(String label, Object function, byte kind, Object[] items, int chunksize,
                                              ListJob.Mode mode, Consumer<? super R> cb, Consumer<? super Throwable> ecb) {
        return submitListImpl(label, function, kind, items, chunksize, mode, cb, ecb, defaultListener(mode), null);
    }

    private <R> AsyncResultImpl<R> submitList(String label, Object function, byte kind, Object[] items, int chunksize,
                                              ListJob.Mode mode, Consumer<? super R> cb, Consumer<? super Throwable> ecb,
                                              java.time.Duration timeout) {
        return submitListImpl(label, function, kind, items, chunksize, mode, cb, ecb, defaultListener(mode), timeout);
    }

    private <R> AsyncResultImpl<R> submitList(String label, Object function, byte kind, Object[] items, int chunksize,
                                              ListJob.Mode mode, Consumer<? super R> cb, Consumer<? super Throwable> ecb,
                                              ProgressListener listener) {
        return submitListImpl(label, function, kind, items, chunksize, mode, cb, ecb, listener, null);
    }

    /** The progress bar is for the map family; an apply is one item. */
    private ProgressListener defaultListener(ListJob.Mode mode) {
        return mode == ListJob.Mode.SINGLE && cfg.progressListener() == ProgressBar.LISTENER ? null : cfg.progressListener();
    }

    private <R> AsyncResultImpl<R> submitListImpl(String label, Object function, byte kind, Object[] items, int chunksize,
                                                  ListJob.Mode mode, Consumer<? super R> cb, Consumer<? super Throwable> ecb,
                                                  ProgressListener listener, java.time.Duration timeout) {
        requireOpen();
        FunctionRef f = function == null ? null : ref(function);
        AsyncResultImpl<R> result = new AsyncResultImpl<>(cb, ecb);
        long t0 = System.nanoTime();
        ListJob job = new ListJob(label, f, kind, items, backend.serializes(), chunksize, mode, result,
                listener, executorFor(listener));
        cfg.serializationNanos().add(System.nanoTime() - t0);
        job.timeout = timeout;
        job.startProgressBar();
        if (!job.finished()) {
            engine.post(new PoolEvent.Submitted(job));
        }
        return result;
    }

    /** Listeners run on the pool's progress thread; a per-call one that the pool was not built with gets a shared one. */
    private Executor executorFor(ProgressListener listener) {
        if (listener == null || listener == ProgressBar.LISTENER || listener == cfg.progressListener()) {
            return progressExecutor;
        }
        return PER_CALL_PROGRESS;
    }

    private static final Executor PER_CALL_PROGRESS = Executors.newSingleThreadExecutor(
            r -> Thread.ofPlatform().daemon().name("mp4j-call-progress").unstarted(r));

    /** Waits for a blocking call, then draws its progress bar's last line, so it comes before what the caller prints next. */
    private static <R> R awaitDrawn(AsyncResultImpl<R> result) {
        try {
            return PoolErrors.await(result);
        } finally {
            ProgressBar.finish(result);
        }
    }

    private static Object[] items(Iterable<?> items) {
        Objects.requireNonNull(items, "items must not be null");
        return Job.toArray(items);
    }

    // --- map family -------------------------------------------------------------------------------

    @Override
    public <T, R> List<R> map(SerializableFunction<? super T, ? extends R> function, Iterable<? extends T> items) {
        return awaitDrawn(this.<T, R>mapAsyncImpl(function, items, 0, null, null));
    }

    @Override
    public <T, R> List<R> map(SerializableFunction<? super T, ? extends R> function, Iterable<? extends T> items, int chunksize) {
        requireChunksize(chunksize);
        return awaitDrawn(this.<T, R>mapAsyncImpl(function, items, chunksize, null, null));
    }

    @Override
    public <T, R> List<R> map(SerializableFunction<? super T, ? extends R> function, Iterable<? extends T> items,
                              ProgressListener progress) {
        Objects.requireNonNull(function, "function must not be null");
        Objects.requireNonNull(progress, "progress must not be null (use map(function, items) for none)");
        return awaitDrawn(this.<List<R>>submitList("map", function, TaskKind.FUNCTION, items(items), 0,
                ListJob.Mode.LIST, null, null, progress));
    }

    @Override
    public <A, B, R> List<R> starmap(SerializableBiFunction<? super A, ? super B, ? extends R> function,
                                     Iterable<? extends Map.Entry<? extends A, ? extends B>> pairs, ProgressListener progress) {
        Objects.requireNonNull(function, "function must not be null");
        Objects.requireNonNull(pairs, "pairs must not be null");
        Objects.requireNonNull(progress, "progress must not be null (use starmap(function, pairs) for none)");
        return awaitDrawn(this.<List<R>>submitList("starmap", function, TaskKind.BI_FUNCTION, ListJob.pairs(pairs).toArray(), 0,
                ListJob.Mode.LIST, null, null, progress));
    }

    @Override
    public <T, R> ResultIterator<R> imap(SerializableFunction<? super T, ? extends R> function, Iterable<? extends T> items,
                                         ProgressListener progress) {
        Objects.requireNonNull(progress, "progress must not be null (use imap(function, items) for none)");
        return stream("imap", function, items, true, 0, progress);
    }

    @Override
    public <T, R> List<Outcome<R>> mapOutcomes(SerializableFunction<? super T, ? extends R> function, Iterable<? extends T> items) {
        Objects.requireNonNull(function, "function must not be null");
        AsyncResultImpl<List<Outcome<R>>> r = submitList("mapOutcomes", function, TaskKind.FUNCTION, items(items), 0,
                ListJob.Mode.OUTCOMES, null, null);
        return PoolErrors.await(r);
    }

    @Override
    public <T, R> AsyncResult<List<R>> mapAsync(SerializableFunction<? super T, ? extends R> function, Iterable<? extends T> items) {
        return mapAsyncImpl(function, items, 0, null, null);
    }

    @Override
    public <T, R> AsyncResult<List<R>> mapAsync(SerializableFunction<? super T, ? extends R> function, Iterable<? extends T> items,
                                                int chunksize, Consumer<? super List<R>> callback,
                                                Consumer<? super Throwable> errorCallback) {
        requireChunksize(chunksize);
        return mapAsyncImpl(function, items, chunksize, callback, errorCallback);
    }

    private <T, R> AsyncResultImpl<List<R>> mapAsyncImpl(SerializableFunction<? super T, ? extends R> function,
                                                         Iterable<? extends T> items, int chunksize,
                                                         Consumer<? super List<R>> cb, Consumer<? super Throwable> ecb) {
        Objects.requireNonNull(function, "function must not be null");
        return submitList("map", function, TaskKind.FUNCTION, items(items), chunksize, ListJob.Mode.LIST, cb, ecb);
    }

    @Override
    public <A, B, R> List<R> starmap(SerializableBiFunction<? super A, ? super B, ? extends R> function,
                                     Iterable<? extends Map.Entry<? extends A, ? extends B>> pairs) {
        return awaitDrawn(this.<R>starmapImpl(function, pairs));
    }

    private <R> AsyncResultImpl<List<R>> starmapImpl(Object function, Iterable<? extends Map.Entry<?, ?>> pairs) {
        Objects.requireNonNull(function, "function must not be null");
        Objects.requireNonNull(pairs, "pairs must not be null");
        return submitList("starmap", function, TaskKind.BI_FUNCTION, ListJob.pairs(pairs).toArray(), 0, ListJob.Mode.LIST, null, null);
    }

    @Override
    public <A, B, R> AsyncResult<List<R>> starmapAsync(SerializableBiFunction<? super A, ? super B, ? extends R> function,
                                                       Iterable<? extends Map.Entry<? extends A, ? extends B>> pairs) {
        return this.<R>starmapImpl(function, pairs);
    }

    @Override
    public <T, R> ResultIterator<R> imap(SerializableFunction<? super T, ? extends R> function, Iterable<? extends T> items) {
        return stream("imap", function, items, true, 0);
    }

    @Override
    public <T, R> ResultIterator<R> imap(SerializableFunction<? super T, ? extends R> function, Iterable<? extends T> items,
                                         int chunksize) {
        requireChunksize(chunksize);
        return stream("imap", function, items, true, chunksize);
    }

    @Override
    public <T, R> ResultIterator<R> imapUnordered(SerializableFunction<? super T, ? extends R> function,
                                                  Iterable<? extends T> items) {
        return stream("imapUnordered", function, items, false, 0);
    }

    @Override
    public <T, R> ResultIterator<R> imapUnordered(SerializableFunction<? super T, ? extends R> function,
                                                  Iterable<? extends T> items, int chunksize) {
        requireChunksize(chunksize);
        return stream("imapUnordered", function, items, false, chunksize);
    }

    <R> ResultIterator<R> stream(String label, Object function, Iterable<?> items, boolean ordered, int chunksize) {
        return stream(label, function, items, ordered, chunksize, cfg.progressListener());
    }

    @SuppressWarnings("unchecked")
    <R> ResultIterator<R> stream(String label, Object function, Iterable<?> items, boolean ordered, int chunksize,
                                 ProgressListener listener) {
        Objects.requireNonNull(function, "function must not be null");
        Objects.requireNonNull(items, "items must not be null");
        requireOpen();
        FunctionRef f = ref(function);
        int window = Math.max(256, cfg.workers() * Math.max(chunksize, 1) * 8);
        StreamJob job = new StreamJob(label, f, TaskKind.FUNCTION, items, ordered, backend.serializes(), chunksize,
                window, engine::post, listener, executorFor(listener));
        job.startProgressBar();
        engine.post(new PoolEvent.Submitted(job));
        job.startFeeder();
        return (ResultIterator<R>) (ResultIterator<?>) job;
    }

    // --- apply family -----------------------------------------------------------------------------

    @Override
    public <T, R> R apply(SerializableFunction<? super T, ? extends R> function, T argument) {
        return PoolErrors.await(applyAsyncImpl(function, argument, null, null));
    }

    @Override
    public <R> R apply(SerializableCallable<? extends R> task) {
        return PoolErrors.await(this.<R>submitCallable(task));
    }

    @Override
    public <T, R> AsyncResult<R> applyAsync(SerializableFunction<? super T, ? extends R> function, T argument) {
        return applyAsyncImpl(function, argument, null, null);
    }

    @Override
    public <T, R> AsyncResult<R> applyAsync(SerializableFunction<? super T, ? extends R> function, T argument,
                                            Consumer<? super R> callback, Consumer<? super Throwable> errorCallback) {
        return applyAsyncImpl(function, argument, callback, errorCallback);
    }

    @Override
    public <R> AsyncResult<R> applyAsync(SerializableCallable<? extends R> task) {
        return submitCallable(task);
    }

    private <T, R> AsyncResultImpl<R> applyAsyncImpl(SerializableFunction<? super T, ? extends R> function, T argument,
                                                     Consumer<? super R> cb, Consumer<? super Throwable> ecb) {
        Objects.requireNonNull(function, "function must not be null");
        return submitList("apply", function, TaskKind.FUNCTION, new Object[] {argument}, 1,
                ListJob.Mode.SINGLE, cb, ecb);
    }

    @Override
    public <S, T, R> List<R> mapWithState(io.multiprocessing4j.function.SerializableBiFunction<? super S, ? super T, ? extends R> function,
                                          Iterable<? extends T> items) {
        Objects.requireNonNull(function, "function must not be null");
        if (!cfg.hasWorkerState()) {
            throw new IllegalStateException("mapWithState needs a pool built with "
                    + "Pool.builder().workerState(() -> new MyState()); this pool has no worker state");
        }
        return PoolErrors.await(this.<List<R>>submitList("mapWithState", new WorkerSetup.WithState<S, T, R>(function),
                TaskKind.FUNCTION, items(items), 0, ListJob.Mode.LIST, null, null));
    }

    // --- per-call timeouts (pebble's schedule(timeout=)) ------------------------------------------------

    private static java.time.Duration requireTimeout(java.time.Duration timeout, String name) {
        Objects.requireNonNull(timeout, name + " must not be null: use the form without a timeout for none");
        if (timeout.isNegative() || timeout.isZero()) {
            throw new IllegalArgumentException(name + " must be positive, got " + timeout);
        }
        return timeout;
    }

    @Override
    public <T, R> R apply(SerializableFunction<? super T, ? extends R> function, T argument, java.time.Duration timeout) {
        return PoolErrors.await(this.<T, R>applyAsync(function, argument, timeout));
    }

    @Override
    public <T, R> AsyncResultImpl<R> applyAsync(SerializableFunction<? super T, ? extends R> function, T argument,
                                                java.time.Duration timeout) {
        Objects.requireNonNull(function, "function must not be null");
        requireTimeout(timeout, "timeout");
        return submitList("apply", function, TaskKind.FUNCTION, new Object[] {argument}, 1,
                ListJob.Mode.SINGLE, null, null, timeout);
    }

    @Override
    public <R> AsyncResultImpl<R> applyAsync(SerializableCallable<? extends R> task, java.time.Duration timeout) {
        Objects.requireNonNull(task, "task must not be null");
        requireTimeout(timeout, "timeout");
        return submitList("apply", null, TaskKind.CALLABLE, new Object[] {task}, 1,
                ListJob.Mode.SINGLE, null, null, timeout);
    }

    @Override
    public <T, R> List<R> map(SerializableFunction<? super T, ? extends R> function, Iterable<? extends T> items,
                              java.time.Duration timeoutPerItem) {
        Objects.requireNonNull(function, "function must not be null");
        requireTimeout(timeoutPerItem, "timeoutPerItem");
        return PoolErrors.await(this.<List<R>>submitList("map", function, TaskKind.FUNCTION, items(items), 0,
                ListJob.Mode.LIST, null, null, timeoutPerItem));
    }

    @Override
    public <T, R> List<Outcome<R>> mapOutcomes(SerializableFunction<? super T, ? extends R> function,
                                               Iterable<? extends T> items, java.time.Duration timeoutPerItem) {
        Objects.requireNonNull(function, "function must not be null");
        requireTimeout(timeoutPerItem, "timeoutPerItem");
        return PoolErrors.await(this.<List<Outcome<R>>>submitList("mapOutcomes", function, TaskKind.FUNCTION,
                items(items), 0, ListJob.Mode.OUTCOMES, null, null, timeoutPerItem));
    }

    <R> AsyncResultImpl<R> submitCallable(Object task) {
        Objects.requireNonNull(task, "task must not be null");
        return submitList("apply", null, TaskKind.CALLABLE, new Object[] {task}, 1,
                ListJob.Mode.SINGLE, null, null);
    }

    <R> AsyncResultImpl<R> submitRunnable(Object task) {
        Objects.requireNonNull(task, "task must not be null");
        return submitList("execute", null, TaskKind.RUNNABLE, new Object[] {task}, 1,
                ListJob.Mode.SINGLE, null, null);
    }

    /** @return whether tasks travel to another JVM (and so must be serializable) */
    boolean serializes() {
        return backend.serializes();
    }

    /** For the executor: cancels a job, killing its worker if it is running it. */
    void cancel(AsyncResultImpl<?> result, boolean interrupt) {
        engine.post(new PoolEvent.CancelJobByResult(result, interrupt));
    }

    // --- lifecycle --------------------------------------------------------------------------------

    @Override
    public void close() {
        if (closed.compareAndSet(false, true)) {
            engine.post(new PoolEvent.Close());
        }
        awaitStopped();
    }

    /** Python's close() alone: stop accepting work without waiting. */
    void closeNoWait() {
        if (closed.compareAndSet(false, true)) {
            engine.post(new PoolEvent.Close());
        }
    }

    @Override
    public void terminate() {
        closed.set(true);
        engine.post(new PoolEvent.Terminate());
        awaitStopped();
    }

    private void awaitStopped() {
        boolean interrupted = false;
        while (true) {
            try {
                if (interrupted) {
                    // interrupted once: terminate, and wait a bounded time for the workers to go
                    engine.stopped().get(10, TimeUnit.SECONDS);
                } else {
                    engine.stopped().get();
                }
                break;
            } catch (InterruptedException e) {
                if (interrupted) {
                    break;
                }
                interrupted = true;
                engine.post(new PoolEvent.Terminate());
            } catch (ExecutionException | java.util.concurrent.TimeoutException e) {
                break;
            }
        }
        if (interrupted) {
            Thread.currentThread().interrupt();
        }
    }

    @Override
    public void join() throws InterruptedException {
        if (!closed.get()) {
            throw new IllegalStateException("join() needs close() or terminate() first, as in Python");
        }
        try {
            engine.stopped().get();
        } catch (ExecutionException e) {
            // stopped either way
        }
    }

    @Override
    public boolean join(java.time.Duration timeout) throws InterruptedException {
        Objects.requireNonNull(timeout, "timeout must not be null: use join() to wait without a limit");
        if (!closed.get()) {
            throw new IllegalStateException("join(timeout) needs close() or terminate() first, as in Python");
        }
        long nanos = Math.max(0, timeout.isNegative() ? 0 : saturatedNanos(timeout));
        try {
            engine.stopped().get(nanos, TimeUnit.NANOSECONDS);
            return true;
        } catch (java.util.concurrent.TimeoutException e) {
            return false;
        } catch (ExecutionException e) {
            return true;
        }
    }

    private static long saturatedNanos(java.time.Duration d) {
        try {
            return d.toNanos();
        } catch (ArithmeticException tooLong) {
            return Long.MAX_VALUE;
        }
    }

    @Override
    public boolean isBroken() {
        return engine.isBroken();
    }

    boolean awaitTermination(long timeout, TimeUnit unit) throws InterruptedException {
        try {
            engine.stopped().get(timeout, unit);
            return true;
        } catch (java.util.concurrent.TimeoutException e) {
            return false;
        } catch (ExecutionException e) {
            return true;
        }
    }

    boolean isTerminated() {
        return engine.stopped().isDone();
    }

    @Override
    public boolean isClosed() {
        return closed.get();
    }

    @Override
    public List<Outcome<Object>> exitResults() {
        return List.copyOf(cfg.exitResults());
    }

    @Override
    public PoolInsights insights() {
        if (engine.stopped().isDone()) {
            return new PoolInsights(List.of(), List.of(), java.time.Duration.ofNanos(cfg.serializationNanos().sum()));
        }
        CompletableFuture<PoolInsights> reply = new CompletableFuture<>();
        engine.post(new PoolEvent.InsightsRequest(reply));
        return reply.join();
    }

    @Override
    public void addObserver(PoolObserver observer) {
        Objects.requireNonNull(observer, "observer must not be null");
        engine.addObserver(observer);
    }

    @Override
    public void removeObserver(PoolObserver observer) {
        engine.removeObserver(observer);
    }

    @Override
    public String toString() {
        return "Pool[" + cfg.namePrefix() + " x" + cfg.workers() + (closed.get() ? ", closed" : "") + "]";
    }
}
