package io.multiprocessing4j.internal.pool;

import io.multiprocessing4j.pool.BrokenPoolException;
import io.multiprocessing4j.internal.log.Lifecycle;
import io.multiprocessing4j.pool.InitializerFailedException;
import io.multiprocessing4j.pool.PoolActivity;
import io.multiprocessing4j.pool.PoolObserver;
import io.multiprocessing4j.process.ExitCodes;
import io.multiprocessing4j.pool.PoolInsights;
import io.multiprocessing4j.pool.TaskTimeoutException;
import io.multiprocessing4j.process.WorkerCrashedException;

import io.multiprocessing4j.internal.wire.FrameChannel;
import java.io.IOException;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.Iterator;
import java.util.List;
import java.util.PriorityQueue;
import java.util.Set;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The pool's manager thread: the only thread that changes pool state.
 *
 * <p>Implementation notes. Everything that happens to a pool (a call, a batch of results, a
 * worker ready, a worker gone, close, terminate) arrives as a {@link PoolEvent} on one queue, and
 * this thread handles them in order. There is no lock around pool state, and no ordering race
 * between "results arrived" and "worker died": a worker's reader posts its last results before
 * its exit. This is the design that lets the pool notice every death (CPython's pool has three
 * threads and no owner for a dead worker's task, hence its hang).
 *
 * <p>Dispatch keeps each worker a small window of chunks in flight, so it never waits for work.
 * Chunk sizes adapt: they aim at about {@link #TARGET_CHUNK_NANOS} of work each, measured from
 * the results, more (up to {@link #MAX_CHUNK_NANOS}) while much work is left, and shrink near the
 * end of a call so no worker is left with a long tail. With tiny
 * items, the window grows so a round trip covers several milliseconds of work.
 *
 * <p>Each worker publishes which chunk and item it is running, and since when (a word of shared
 * memory for a worker JVM). That is how an overdue item is found exactly, and how a crash is
 * blamed on the one item that was running: the others it held are simply sent again.
 *
 * <p>Observers ({@link io.multiprocessing4j.pool.PoolObserver}) are told of activity from this
 * thread, in order; every hook is behind an emptiness check of a copy-on-write list, so an
 * unobserved pool pays one volatile read per batch of results.
 */
final class PoolEngine implements Runnable {
    private static final System.Logger LOG = System.getLogger(PoolEngine.class.getName());
    static final long TARGET_CHUNK_NANOS = 2_000_000;
    /** The longest automatic chunk: see {@link #targetChunkNanos(long, int, double)}. */
    static final long MAX_CHUNK_NANOS = 50_000_000;
    /** An automatic chunk is at least this fraction of a worker's share of the work left. */
    static final int GUIDED_CHUNKS = 16;
    /** Items cheaper than this keep the {@link #TARGET_CHUNK_NANOS} chunk: see {@link #targetChunkNanos}. */
    static final double GUIDED_MIN_ITEM_NANOS = 1_000;
    static final long TARGET_WINDOW_NANOS = 4_000_000;
    /** Work a worker holds with automatic chunk sizes: see {@link #windowChunks(double, int, long, int, boolean)}. */
    static final long AUTO_WINDOW_NANOS = 10_000_000;
    private static final int MAX_WINDOW_CHUNKS = 512;
    private static final int MAX_START_FAILURES = 3;
    /** Functions a worker keeps defined before the least recently used are forgotten. */
    static final int FUNCTION_TABLE_LIMIT = 256;

    /**
     * One of the slowest items. Its argument is described when insights are asked for or its call
     * ends, whichever comes first; until then the argument is held, never longer.
     */
    private static final class SlowItem {
        final String label;
        final long index;
        final long nanos;
        final String worker;
        /** The call, until it ends: {@link #settle} is called for its items then. */
        Job job;
        /** The argument until it is described, then null. */
        Object argument;
        String argumentText;

        SlowItem(Job job, long index, Object argument, long nanos, String worker) {
            this.label = job.label;
            this.job = job;
            this.index = index;
            this.argument = argument;
            this.nanos = nanos;
            this.worker = worker;
        }

        /** Describes the argument and lets go of it and of the call. */
        void settle() {
            if (job != null) {
                argumentText = Job.summarize(argument);
                argument = null;
                job = null;
            }
        }

        PoolInsights.SlowTask describe() {
            settle();
            return new PoolInsights.SlowTask(label + " item " + index, argumentText, Duration.ofNanos(nanos), worker);
        }
    }

    /** A worker as the manager thread tracks it. */
    private static final class WorkerState {
        final WorkerHandle handle;
        final ArrayDeque<Chunk> inFlight = new ArrayDeque<>();
        /** Functions defined in the worker, least recently sent first. */
        final java.util.LinkedHashSet<Long> defined = new java.util.LinkedHashSet<>();
        final long bornNanos = System.nanoTime();
        long itemsSent;
        long itemsDone;
        long busyNanos;
        long idleSinceNanos = System.nanoTime();
        long lastMemoryCheck;
        boolean retiring;
        boolean shutdownSent;
        long timingOutChunk = -1;
        long killDeadline;
        boolean killedForTimeout;
        boolean gone;

        WorkerState(WorkerHandle handle) {
            this.handle = handle;
        }

        String describe() {
            return handle.name() + " (pid " + handle.pid() + ")";
        }
    }

    private final PoolConfig cfg;
    private final WorkerBackend backend;
    private final LinkedBlockingQueue<PoolEvent> events = new LinkedBlockingQueue<>();
    private final CompletableFuture<Void> stopped = new CompletableFuture<>();
    private final AtomicInteger workerNumbers = new AtomicInteger();
    private final AtomicLong chunkIds = new AtomicLong(1);
    private final Thread thread;

    // manager-thread state
    private final List<WorkerState> workers = new ArrayList<>();
    /** Worker name to worker id ({@code 0..workers-1}), from start until exit or failed start. */
    private final java.util.Map<String, Integer> slots = new java.util.HashMap<>();
    private final List<PoolInsights.WorkerInsight> pastWorkers = new ArrayList<>();
    private final ArrayDeque<Job> jobs = new ArrayDeque<>();
    private final ArrayDeque<Chunk> resend = new ArrayDeque<>();
    /**
     * The ten slowest items so far, kept raw and described only when insights are asked for: with
     * items that each take longer than the last (a loop up to the item's value), nearly every item
     * enters the ten, and describing each one cost the manager thread a microsecond an item.
     */
    private final PriorityQueue<SlowItem> slowest = new PriorityQueue<>((a, b) -> Long.compare(a.nanos, b.nanos));
    private int starting;
    private int startFailures;
    /** Workers in a row that died before finishing any item with nothing running: start-up deaths. */
    private int deathsInStartup;
    private RuntimeException broken;
    /** {@code broken != null}, for other threads. */
    private volatile boolean brokenFlag;
    private boolean closing;
    private boolean terminating;

    // observers: added on the manager thread (Observe event), removed from any thread
    private final java.util.concurrent.CopyOnWriteArrayList<PoolObserver> observers =
            new java.util.concurrent.CopyOnWriteArrayList<>();
    private final Object observeLock = new Object();
    private boolean loopEnded; // guarded by observeLock
    private long lastRunningNanos;
    /** Epoch microseconds minus {@code System.nanoTime()} in microseconds: turns worker times into wall-clock. */
    private final long epochOffsetMicros = System.currentTimeMillis() * 1000 - System.nanoTime() / 1000;

    PoolEngine(PoolConfig cfg, WorkerBackend backend) {
        this.cfg = cfg;
        this.backend = backend;
        this.thread = Thread.ofPlatform().daemon().name("mp4j-pool-manager").unstarted(this);
    }

    void start() {
        thread.start();
    }

    void post(PoolEvent e) {
        events.add(e);
    }

    /** @return whether the pool can no longer run anything (any thread) */
    boolean isBroken() {
        return brokenFlag;
    }

    CompletableFuture<Void> stopped() {
        return stopped;
    }

    // --- the loop ---------------------------------------------------------------------------------

    @Override
    public void run() {
        try {
            ensureWorkers();
            while (true) {
                PoolEvent e = events.poll(observers.isEmpty() ? pollNanos() : Math.min(pollNanos(), RUNNING_EVERY_NANOS),
                        TimeUnit.NANOSECONDS);
                if (e != null) {
                    handle(e);
                    // drain what is already there before dispatching: batches results and calls
                    for (PoolEvent more; (more = events.poll()) != null; ) {
                        handle(more);
                    }
                }
                if (!observers.isEmpty()) {
                    reportToObservers();
                }
                checkDeadlines();
                checkIdle();
                ensureWorkers();
                dispatch();
                if (maybeFinish()) {
                    return;
                }
            }
        } catch (InterruptedException e) {
            terminateNow();
        } catch (RuntimeException | Error e) {
            LOG.log(System.Logger.Level.ERROR, "pool manager thread failed; terminating the pool", e);
            broken = new BrokenPoolException("the pool's manager thread failed: " + e, e);
            brokenFlag = true;
            terminateNow();
        } finally {
            synchronized (observeLock) {
                loopEnded = true;
                for (PoolEvent left; (left = events.poll()) != null; ) {
                    if (left instanceof PoolEvent.Observe o) {
                        observers.add(o.observer());
                    }
                }
            }
            emit(new PoolActivity.Closed(System.currentTimeMillis()));
            observers.clear();
            Lifecycle.poolClosed(cfg.namePrefix() + " x" + cfg.workers());
            stopped.complete(null);
        }
    }

    // --- observers --------------------------------------------------------------------------------

    private static final long RUNNING_EVERY_NANOS = 250_000_000L;

    void addObserver(PoolObserver o) {
        synchronized (observeLock) {
            if (!loopEnded) {
                post(new PoolEvent.Observe(o));
                return;
            }
        }
        o.onActivity(new PoolActivity.Closed(System.currentTimeMillis()));
    }

    void removeObserver(PoolObserver o) {
        observers.remove(o);
    }

    private void onObserve(PoolObserver o) {
        long now = System.currentTimeMillis();
        List<PoolActivity> hello = new ArrayList<>();
        for (WorkerState w : workers) {
            hello.add(new PoolActivity.WorkerStarted(now, w.handle.name(), w.handle.pid(), w.handle.startupNanos()));
        }
        for (Job j : allJobs()) {
            if (!j.finished()) {
                hello.add(new PoolActivity.CallStarted(now, j.id, j.label, j.total(), j.done));
            }
        }
        observers.add(o);
        for (PoolActivity a : hello) {
            tell(o, a);
        }
    }

    private void emit(PoolActivity a) {
        for (PoolObserver o : observers) {
            tell(o, a);
        }
    }

    private void tell(PoolObserver o, PoolActivity a) {
        try {
            o.onActivity(a);
        } catch (RuntimeException | Error e) {
            observers.remove(o);
            LOG.log(System.Logger.Level.WARNING, "a pool observer threw; it is removed: " + e, e);
        }
    }

    private long epochMicros(long nanoTime) {
        return epochOffsetMicros + nanoTime / 1000;
    }

    /** Calls that finished since the last look, and what each worker runs now (throttled). */
    private void reportToObservers() {
        long nowMillis = System.currentTimeMillis();
        for (Job j : jobs) {
            if (j.finished() && !j.reportedFinished) {
                j.reportedFinished = true;
                emit(new PoolActivity.CallFinished(nowMillis, j.id, j.done));
            }
        }
        long now = System.nanoTime();
        if (now - lastRunningNanos < RUNNING_EVERY_NANOS) {
            return;
        }
        lastRunningNanos = now;
        List<PoolActivity.RunningTask> running = new ArrayList<>();
        for (WorkerState w : workers) {
            WorkerHandle.Status st = w.handle.status();
            if (st.chunkId() < 0) {
                continue;
            }
            for (Chunk c : w.inFlight) {
                if (c.id == st.chunkId() && st.item() >= 0 && st.item() < c.size()) {
                    running.add(new PoolActivity.RunningTask(w.handle.name(), c.job.id, c.job.label,
                            c.firstIndex + st.item(), epochMicros(st.startNanos())));
                    break;
                }
            }
        }
        emit(new PoolActivity.Running(nowMillis, running));
    }


    private long pollNanos() {
        Duration shortest = shortestTimeout();
        if (shortest != null) {
            long byTimeout = Math.max(1_000_000, Math.min(shortest.toNanos() / 4, 20_000_000));
            return byTimeout;
        }
        if (cfg.idleTimeout() != null) {
            return Math.max(10_000_000, cfg.idleTimeout().toNanos() / 4);
        }
        return 200_000_000;
    }

    private void handle(PoolEvent e) {
        switch (e) {
            case PoolEvent.Submitted s -> {
                if (broken != null) {
                    s.job().failAll(broken);
                } else if (closing || terminating) {
                    s.job().failAll(new IllegalStateException("the pool is closed"));
                } else {
                    jobs.add(s.job());
                    if (!observers.isEmpty()) {
                        emit(new PoolActivity.CallStarted(System.currentTimeMillis(), s.job().id, s.job().label,
                                s.job().total(), 0));
                    }
                }
            }
            case PoolEvent.InputAvailable ignored -> {
                // dispatch() looks at every job's input
            }
            case PoolEvent.WorkerReady r -> onReady(r.worker());
            case PoolEvent.WorkerStartFailed f -> {
                slots.remove(f.name());
                onStartFailed(f.error());
            }
            case PoolEvent.Results r -> onResults(r.worker(), r.results());
            case PoolEvent.WorkerExited x -> onExit(x.worker(), x.exitCode());
            case PoolEvent.InitializerFailed f -> onInitializerFailed(f.worker(), f.error());
            case PoolEvent.CancelJob c -> onCancel(c.job(), c.interruptRunning());
            case PoolEvent.CancelJobByResult c -> {
                for (Job j : allJobs()) {
                    if (j instanceof ListJob lj && lj.result() == c.result()) {
                        onCancel(j, c.interruptRunning());
                    }
                }
            }
            case PoolEvent.Close ignored -> {
                closing = true;
                for (Job j : jobs) {
                    j.stopInput();
                }
            }
            case PoolEvent.Terminate ignored -> terminateNow();
            case PoolEvent.InsightsRequest q -> q.reply().complete(insights());
            case PoolEvent.Observe o -> onObserve(o.observer());
        }
    }

    private boolean maybeFinish() {
        if (terminating) {
            return workers.isEmpty() && starting == 0;
        }
        if (!closing) {
            return false;
        }
        jobs.removeIf(Job::finished);
        dropSettledResends();
        if (!jobs.isEmpty() || !resend.isEmpty()) {
            return false;
        }
        for (WorkerState w : workers) {
            if (!w.inFlight.isEmpty()) {
                return false;
            }
        }
        for (WorkerState w : workers) {
            if (!w.shutdownSent) {
                w.shutdownSent = true;
                w.handle.shutdown();
            }
        }
        return workers.isEmpty() && starting == 0;
    }

    /**
     * Forgets the parts of crashed workers' chunks whose call has ended (failed, or cancelled): no
     * worker will run them, and a closing pool waits for nothing else before it finishes.
     */
    private void dropSettledResends() {
        resend.removeIf(c -> c.job.finished() || c.job.cancelled);
    }

    private void terminateNow() {
        terminating = true;
        CancellationException why = new CancellationException("the pool was terminated");
        for (Job j : jobs) {
            j.failAll(why);
        }
        jobs.clear();
        resend.clear();
        for (WorkerState w : workers) {
            for (Chunk c : w.inFlight) {
                c.job.failAll(why);
            }
            w.inFlight.clear();
            w.handle.kill();
        }
    }

    // --- workers ----------------------------------------------------------------------------------

    private void ensureWorkers() {
        if (terminating || broken != null) {
            return;
        }
        dropSettledResends();
        boolean haveWork = !resend.isEmpty() || jobs.stream().anyMatch(j -> !j.finished());
        // a closed pool still finishes the work it took (Python's close()): a worker that dies
        // meanwhile is replaced, or the rest of its work would wait for ever
        if ((closing || cfg.idleTimeout() != null) && !haveWork) {
            return;
        }
        while (activeWorkers() + starting < cfg.workers()) {
            int slot = freeSlot();
            if (slot < 0) {
                break; // a retiring worker still holds its id: its replacement starts when it exits
            }
            starting++;
            String name = cfg.namePrefix() + "-" + workerNumbers.incrementAndGet();
            slots.put(name, slot);
            backend.start(name, slot, this::post);
        }
    }

    /** @return the lowest worker id no live or starting worker holds, or -1 */
    private int freeSlot() {
        java.util.BitSet used = new java.util.BitSet();
        slots.values().forEach(used::set);
        int free = used.nextClearBit(0);
        return free < cfg.workers() ? free : -1;
    }

    private int activeWorkers() {
        int n = 0;
        for (WorkerState w : workers) {
            if (!w.retiring) {
                n++;
            }
        }
        return n;
    }

    private void onReady(WorkerHandle h) {
        starting--;
        startFailures = 0;
        if (terminating || broken != null) {
            h.kill();
            workers.add(new WorkerState(h)); // its exit event removes it
            return;
        }
        workers.add(new WorkerState(h));
        if (!observers.isEmpty()) {
            emit(new PoolActivity.WorkerStarted(System.currentTimeMillis(), h.name(), h.pid(), h.startupNanos()));
        }
    }

    private void onStartFailed(RuntimeException error) {
        starting--;
        startFailures++;
        LOG.log(System.Logger.Level.WARNING, "a pool worker failed to start: " + error.getMessage());
        if (startFailures >= MAX_START_FAILURES && workers.isEmpty()) {
            fail(new BrokenPoolException("the pool cannot start workers (" + startFailures
                    + " attempts in a row failed): " + error.getMessage(), error));
        }
    }

    private void onInitializerFailed(WorkerHandle h, Throwable error) {
        fail(new InitializerFailedException("the pool's initializer failed in " + h.name() + " (pid " + h.pid()
                + "); the pool will not start more workers: fix the initializer and create a new pool", error));
    }

    private void fail(RuntimeException why) {
        if (broken == null) {
            broken = why;
            brokenFlag = true;
        }
        for (Job j : jobs) {
            j.failAll(broken);
        }
        jobs.clear();
        for (Chunk c : resend) {
            c.job.failAll(broken);
        }
        resend.clear();
    }

    private WorkerState find(WorkerHandle h) {
        for (WorkerState w : workers) {
            if (w.handle == h) {
                return w;
            }
        }
        return null;
    }

    private void onExit(WorkerHandle h, int exitCode) {
        slots.remove(h.name());
        WorkerState w = find(h);
        if (w == null) {
            h.release();
            return;
        }
        workers.remove(w);
        w.gone = true;
        remember(w);
        WorkerHandle.Status st = h.status();
        if (!observers.isEmpty()) {
            boolean crashed = exitCode != 0 && !w.shutdownSent && !terminating;
            String cause = ExitCodes.describe(exitCode);
            List<String> tail = List.of();
            if (crashed) {
                String running = runningItem(w, st);
                WorkerCrashedException report = h.crashReport(exitCode, running == null ? BETWEEN_TASKS : running);
                cause = report.getMessage().lines().findFirst().orElse(cause)
                        .replace(" while running " + BETWEEN_TASKS, " between tasks");
                if (w.killedForTimeout) {
                    cause += " (killed: its item overran the task timeout)";
                }
                tail = report.stderrTail();
            }
            emit(new PoolActivity.WorkerExited(System.currentTimeMillis(), h.name(), h.pid(), exitCode, crashed, cause, tail));
        }
        if (w.itemsDone == 0 && st.chunkId() < 0 && exitCode != 0 && !w.shutdownSent && !terminating) {
            if (++deathsInStartup >= MAX_START_FAILURES) {
                WorkerCrashedException why = h.crashReport(exitCode, "start-up (before its first task)");
                fail(new BrokenPoolException("pool workers keep dying during start-up or in the initializer ("
                        + deathsInStartup + " in a row); the pool will not start more: " + why.getMessage(), why));
            }
        } else if (w.itemsDone > 0) {
            deathsInStartup = 0;
        }
        for (Chunk c : w.inFlight) {
            if (c.job.finished() || c.job.cancelled) {
                continue;
            }
            if (st.chunkId() == c.id && st.item() >= 0 && st.item() < c.size()) {
                int i = st.item();
                if (i > 0) {
                    resend.add(c.slice(chunkIds.getAndIncrement(), 0, i));
                }
                blame(w, c, i, exitCode, st.startNanos());
                if (i + 1 < c.size()) {
                    resend.add(c.slice(chunkIds.getAndIncrement(), i + 1, c.size()));
                }
            } else {
                resend.add(c);
            }
        }
        w.inFlight.clear();
        h.release();
    }

    private void blame(WorkerState w, Chunk c, int i, int exitCode, long startNanos) {
        long index = c.firstIndex + i;
        String task = c.job.describeItem(index, c.original(i));
        if (c.timedOutItem == i || w.timingOutChunk == c.id) {
            TaskTimeoutException timeout = new TaskTimeoutException(task, timeoutOf(c.job), w.describe(), true);
            c.job.failedItems++;
            problem(PoolActivity.ProblemKind.TIMEOUT, w, task, timeout.getMessage(), List.of());
            lostTask(w, c, index, startNanos);
            c.job.itemDone(index, null, timeout);
            return;
        }
        WorkerCrashedException crash = w.handle.crashReport(exitCode, task);
        Lifecycle.workerCrashed(w.handle.name(), w.handle.pid(), crash.getMessage().lines().findFirst().orElse(""));
        List<String> history = c.job.crashHistory.computeIfAbsent(index, k -> new ArrayList<>());
        history.add(crash.getMessage().lines().findFirst().orElse(""));
        if (history.size() <= cfg.retryPolicy().maxRetries()) {
            problem(PoolActivity.ProblemKind.RETRY, w, task, history.getLast(), crash.stderrTail());
            resend.addFirst(c.slice(chunkIds.getAndIncrement(), i, i + 1));
            return;
        }
        c.job.failedItems++;
        problem(PoolActivity.ProblemKind.CRASH, w, task, history.getLast(), crash.stderrTail());
        lostTask(w, c, index, startNanos);
        if (history.size() > 1) {
            WorkerCrashedException quarantined = new WorkerCrashedException(w.handle.pid(), exitCode,
                    task, crash.hsErrFile().orElse(null), crash.stderrTail(),
                    "quarantined after killing " + history.size() + " workers: " + String.join(" | ", history));
            c.job.itemDone(index, null, quarantined);
        } else {
            c.job.itemDone(index, null, crash);
        }
    }

    private void problem(PoolActivity.ProblemKind kind, WorkerState w, String task, String cause, List<String> tail) {
        if (!observers.isEmpty()) {
            emit(new PoolActivity.Problem(System.currentTimeMillis(), kind, w.handle.name(), w.handle.pid(), task,
                    cause, tail));
        }
    }

    private static final String BETWEEN_TASKS = "(no task)";

    /** @return the description of the item {@code w} is running, or null when it is between items */
    private static String runningItem(WorkerState w, WorkerHandle.Status st) {
        for (Chunk c : w.inFlight) {
            if (c.id == st.chunkId() && st.item() >= 0 && st.item() < c.size()) {
                return c.job.describeItem(c.firstIndex + st.item(), c.original(st.item()));
            }
        }
        return null;
    }

    /** The item a dead worker was running, for the timeline: it ran from {@code startNanos} until now, and failed. */
    private void lostTask(WorkerState w, Chunk c, long index, long startNanos) {
        if (!observers.isEmpty()) {
            long now = System.nanoTime();
            emit(new PoolActivity.TaskDone(System.currentTimeMillis(), c.job.id, index, w.handle.name(),
                    epochMicros(startNanos), Math.max(0, now - startNanos), true));
        }
    }

    private void remember(WorkerState w) {
        long now = System.nanoTime();
        pastWorkers.add(new PoolInsights.WorkerInsight(w.handle.name(), w.handle.pid(),
                Duration.ofNanos(w.handle.startupNanos()), w.itemsDone, Duration.ofNanos(w.busyNanos),
                Duration.ofNanos(Math.max(0, now - w.bornNanos - w.busyNanos)), false));
        if (pastWorkers.size() > 256) {
            pastWorkers.removeFirst();
        }
    }

    // --- results ----------------------------------------------------------------------------------

    private void onResults(WorkerHandle h, List<ChunkResult> results) {
        WorkerState w = find(h);
        if (w == null) {
            return; // a worker already declared gone (an abandoned thread)
        }
        boolean observed = !observers.isEmpty();
        long arrivedNanos = observed ? System.nanoTime() : 0;
        for (ChunkResult r : results) {
            Chunk c = removeInFlight(w, r.chunkId());
            if (c == null) {
                continue;
            }
            if (observed) {
                reportTasks(w, c, r, arrivedNanos);
            }
            if (w.timingOutChunk == c.id) {
                w.timingOutChunk = -1;
            }
            Job job = c.job;
            if (r.errors() == null && c.timedOutItem < 0 && !job.finished()) {
                // every item succeeded: their values go in at once (a column of a million numbers
                // is a million results, and this thread is the pool's only one)
                long[] nanos = r.nanos();
                long sum = 0;
                for (long x : nanos) {
                    sum += x;
                }
                w.busyNanos += sum;
                job.recordDurations(sum, nanos.length);
                noteSlowItems(job, c, nanos, w);
                job.itemsDone(c.firstIndex, r.values());
                w.itemsDone += c.size();
                continue;
            }
            for (int i = 0; i < c.size(); i++) {
                long nanos = r.nanos()[i];
                w.busyNanos += nanos;
                job.recordDuration(nanos);
                noteSlow(job, c, i, nanos, w);
                if (job.finished()) {
                    continue;
                }
                long index = c.firstIndex + i;
                Throwable err = r.error(i);
                if (i == c.timedOutItem) {
                    err = new TaskTimeoutException(job.describeItem(index, c.original(i)), timeoutOf(job),
                            w.describe(), false);
                    job.failedItems++;
                    problem(PoolActivity.ProblemKind.TIMEOUT, w, job.describeItem(index, c.original(i)),
                            err.getMessage(), List.of());
                } else if (err != null) {
                    err = PoolErrors.withContext(err, job.describeItem(index, c.original(i)) + " failed in " + w.describe());
                    Lifecycle.taskFailed(w.describe(), err);
                }
                job.itemDone(index, err == null ? r.values()[i] : null, err);
            }
            w.itemsDone += c.size();
        }
        if (w.inFlight.isEmpty()) {
            w.idleSinceNanos = System.nanoTime();
        }
        checkRecycle(w);
    }

    /** One {@link PoolActivity.TaskDone} per item: items of a chunk ran back to back, ending about now. */
    private void reportTasks(WorkerState w, Chunk c, ChunkResult r, long arrivedNanos) {
        long end = arrivedNanos;
        long[] starts = new long[c.size()];
        for (int i = c.size() - 1; i >= 0; i--) {
            starts[i] = end - r.nanos()[i];
            end = starts[i];
        }
        long nowMillis = System.currentTimeMillis();
        for (int i = 0; i < c.size(); i++) {
            emit(new PoolActivity.TaskDone(nowMillis, c.job.id, c.firstIndex + i, w.handle.name(), epochMicros(starts[i]),
                    r.nanos()[i], r.error(i) != null || i == c.timedOutItem));
        }
    }

    private static Chunk removeInFlight(WorkerState w, long chunkId) {
        for (Iterator<Chunk> it = w.inFlight.iterator(); it.hasNext(); ) {
            Chunk c = it.next();
            if (c.id == chunkId) {
                it.remove();
                return c;
            }
        }
        return null;
    }

    /** {@link #noteSlow} for every item of a chunk; items no slower than the ten kept cost a comparison. */
    private void noteSlowItems(Job job, Chunk c, long[] nanos, WorkerState w) {
        long bar = slowest.size() < 10 ? Long.MIN_VALUE : slowest.peek().nanos;
        for (int i = 0; i < nanos.length; i++) {
            if (nanos[i] > bar) {
                noteSlow(job, c, i, nanos[i], w);
                bar = slowest.size() < 10 ? Long.MIN_VALUE : slowest.peek().nanos;
            }
        }
    }

    private void noteSlow(Job job, Chunk c, int i, long nanos, WorkerState w) {
        if (slowest.size() == 10 && slowest.peek().nanos >= nanos) {
            return;
        }
        slowest.add(new SlowItem(job, c.firstIndex + i, c.original(i), nanos, w.handle.name()));
        if (slowest.size() > 10) {
            slowest.poll();
        }
    }

    /** A call ended: its slowest items let go of their arguments. */
    private void settleSlowItems(Job job) {
        for (SlowItem x : slowest) {
            if (x.job == job) {
                x.settle();
            }
        }
    }

    private void checkRecycle(WorkerState w) {
        if (w.retiring) {
            if (w.inFlight.isEmpty() && !w.shutdownSent) {
                w.shutdownSent = true;
                w.handle.shutdown();
            }
            return;
        }
        if (cfg.maxTasksPerChild() > 0 && w.itemsSent >= cfg.maxTasksPerChild()) {
            Lifecycle.workerRecycled(w.handle.name(), w.handle.pid(), "maxTasksPerChild " + cfg.maxTasksPerChild() + " reached");
            retire(w);
        } else if (cfg.maxWorkerMemoryBytes() > 0 && System.nanoTime() - w.lastMemoryCheck > 100_000_000L) {
            w.lastMemoryCheck = System.nanoTime();
            long rss = w.handle.residentBytes();
            if (rss > cfg.maxWorkerMemoryBytes()) {
                LOG.log(System.Logger.Level.INFO, w.describe() + " uses " + rss + " bytes, over maxWorkerMemory; replacing it");
                Lifecycle.workerRecycled(w.handle.name(), w.handle.pid(), "uses " + rss + " bytes, over maxWorkerMemory");
                retire(w);
            }
        }
    }

    /** Stops giving the worker work; it exits when its window is empty and a replacement starts. */
    private void retire(WorkerState w) {
        w.retiring = true;
        if (w.inFlight.isEmpty()) {
            w.shutdownSent = true;
            w.handle.shutdown();
        }
    }

    // --- deadlines and idleness -------------------------------------------------------------------

    /** The deadline of each item of {@code job}: its own (a per-call timeout), else the pool's; null for none. */
    private Duration timeoutOf(Job job) {
        return job.timeout != null ? job.timeout : cfg.taskTimeout();
    }

    /** The shortest deadline any current call has, or null: how often deadlines must be checked. */
    private Duration shortestTimeout() {
        Duration shortest = cfg.taskTimeout();
        for (Job j : jobs) {
            if (j.timeout != null && (shortest == null || j.timeout.compareTo(shortest) < 0)) {
                shortest = j.timeout;
            }
        }
        for (WorkerState w : workers) {
            for (Chunk c : w.inFlight) {
                if (c.job.timeout != null && (shortest == null || c.job.timeout.compareTo(shortest) < 0)) {
                    shortest = c.job.timeout;
                }
            }
        }
        return shortest;
    }

    private void checkDeadlines() {
        if (shortestTimeout() == null) {
            return;
        }
        long now = System.nanoTime();
        for (WorkerState w : new ArrayList<>(workers)) {
            if (w.timingOutChunk >= 0) {
                if (now - w.killDeadline > 0 && !w.killedForTimeout) {
                    w.killedForTimeout = true;
                    w.handle.kill();
                }
                continue;
            }
            WorkerHandle.Status st = w.handle.status();
            if (st.chunkId() < 0) {
                continue;
            }
            for (Chunk c : w.inFlight) {
                if (c.id == st.chunkId()) {
                    Duration limit = timeoutOf(c.job);
                    if (limit == null || now - st.startNanos() <= limit.toNanos()) {
                        break;
                    }
                    c.timedOutItem = st.item();
                    w.timingOutChunk = c.id;
                    Lifecycle.taskPastDeadline(w.handle.name(), w.handle.pid(),
                            c.job.describeItem(c.firstIndex + st.item(), c.original(st.item())), limit);
                    w.killDeadline = now + cfg.timeoutGrace().toNanos();
                    w.handle.interrupt(c.id, st.item());
                    break;
                }
            }
        }
    }

    private void checkIdle() {
        for (WorkerState w : workers) {
            if (w.retiring && w.inFlight.isEmpty() && !w.shutdownSent) {
                w.shutdownSent = true;
                w.handle.shutdown();
            }
        }
        if (cfg.idleTimeout() == null || closing) {
            return;
        }
        long now = System.nanoTime();
        boolean haveWork = !resend.isEmpty() || jobs.stream().anyMatch(Job::hasInput);
        if (haveWork) {
            return;
        }
        for (WorkerState w : new ArrayList<>(workers)) {
            if (w.inFlight.isEmpty() && now - w.idleSinceNanos > cfg.idleTimeout().toNanos()) {
                Lifecycle.workerRecycled(w.handle.name(), w.handle.pid(), "idle for " + cfg.idleTimeout().toMillis() + " ms");
                retire(w);
            }
        }
    }

    // --- dispatch ---------------------------------------------------------------------------------

    private void dispatch() {
        if (terminating || broken != null) {
            return;
        }
        jobs.removeIf(j -> {
            boolean gone = j.finished() && !j.hasInput();
            if (gone) {
                settleSlowItems(j);
            }
            return gone;
        });
        if (jobs.isEmpty() && resend.isEmpty()) {
            return;
        }
        for (WorkerState w : workers) {
            if (w.retiring || w.timingOutChunk >= 0) {
                continue;
            }
            List<Chunk> batch = null;
            while (true) {
                Job job = resend.isEmpty() ? nextJobWithInput() : resend.peekFirst().job;
                if (job == null) {
                    break;
                }
                if (w.inFlight.size() >= windowChunks(job)) {
                    break;
                }
                long budget = cfg.maxTasksPerChild() > 0 ? cfg.maxTasksPerChild() - w.itemsSent : Long.MAX_VALUE;
                if (budget <= 0) {
                    break;
                }
                Chunk c;
                if (!resend.isEmpty()) {
                    c = resend.pollFirst();
                    if (c.job.finished() || c.job.cancelled) {
                        continue;
                    }
                    if (c.size() > budget) {
                        resend.addFirst(c.slice(chunkIds.getAndIncrement(), (int) budget, c.size()));
                        c = c.slice(chunkIds.getAndIncrement(), 0, (int) budget);
                    }
                } else {
                    c = job.nextChunk(chunkIds.getAndIncrement(), (int) Math.min(budget, chunkSize(job)));
                    if (c == null) {
                        break;
                    }
                }
                if (c.encoded != null && tasksFrameBytes(c, c.size()) > FrameChannel.MAX_FRAME_BYTES) {
                    c = fitToFrame(c);
                    if (c == null) {
                        continue;
                    }
                }
                if (batch == null) {
                    batch = new ArrayList<>();
                }
                batch.add(c);
                w.inFlight.add(c);
                w.itemsSent += c.size();
                if (batch.size() >= MAX_WINDOW_CHUNKS) {
                    break;
                }
            }
            if (batch != null) {
                send(w, batch);
            }
        }
    }

    /** Bytes of a {@code TASKS} frame (type byte included) carrying the first {@code items} of {@code c}. */
    private static long tasksFrameBytes(Chunk c, int items) {
        return 1 + 4 + 8 + 8 + 1 + 1 + 4 + c.encoded.wireBytes(items);
    }

    /**
     * A chunk whose items each fit in a frame but together do not: sends the longest prefix that
     * fits and queues the rest. An item too large even alone fails, alone, with
     * {@link io.multiprocessing4j.connection.FrameTooLargeException}, and the pool goes on.
     *
     * @return the chunk to send now, or null when its only item failed
     */
    private Chunk fitToFrame(Chunk c) {
        int fit = 0;
        while (fit < c.size() && tasksFrameBytes(c, fit + 1) <= FrameChannel.MAX_FRAME_BYTES) {
            fit++;
        }
        if (fit == 0) {
            if (c.size() > 1) {
                resend.addFirst(c.slice(chunkIds.getAndIncrement(), 1, c.size()));
            }
            long index = c.firstIndex;
            c.job.itemDone(index, null, new io.multiprocessing4j.connection.FrameTooLargeException(
                    c.job.describeItem(index, c.original(0)) + " (serialized, in its frame)",
                    tasksFrameBytes(c, 1), FrameChannel.MAX_FRAME_BYTES));
            return null;
        }
        resend.addFirst(c.slice(chunkIds.getAndIncrement(), fit, c.size()));
        return c.slice(chunkIds.getAndIncrement(), 0, fit);
    }

    private Job nextJobWithInput() {
        for (Job j : jobs) {
            if (!j.cancelled && j.hasInput()) {
                return j;
            }
        }
        return null;
    }

    private int chunkSize(Job job) {
        if (job.chunksize > 0) {
            return job.chunksize;
        }
        // workers still starting count too: the first ready worker must not take their share
        return autoChunkSize(job.remainingInput(), Math.max(activeWorkers(), cfg.workers()), job.avgItemNanos);
    }

    /**
     * The automatic chunk size: about {@link #targetChunkNanos} of work, but never so large that
     * few or slow items make fewer chunks than workers (CPython's {@code ceil(n / (4 × workers))}
     * gives 1 for ten items on five workers, and so does this).
     *
     * @param remaining items left in the job, negative if unknown (a stream)
     * @param workers the pool's worker count
     * @param avgItemNanos measured time per item, negative before the first result
     */
    static int autoChunkSize(long remaining, int workers, double avgItemNanos) {
        int n = Math.max(1, workers);
        // CPython's chunk size, ceil(n / (4 x workers)), is the ceiling: at least four rounds of chunks
        long cap = remaining > 0 ? Math.max(1, (remaining + 4L * n - 1) / (4L * n)) : 4096;
        if (avgItemNanos < 0) {
            long initial = remaining > 0 ? Math.max(1, Math.min(remaining / (8L * n), 16)) : 1;
            return (int) Math.min(initial, cap);
        }
        long byTime = (long) (targetChunkNanos(remaining, n, avgItemNanos) / Math.max(avgItemNanos, 1));
        return (int) Math.max(1, Math.min(Math.min(byTime, cap), 1_000_000));
    }

    /**
     * Work per automatic chunk: {@link #TARGET_CHUNK_NANOS}, or a {@link #GUIDED_CHUNKS}th of a
     * worker's share of the work left when that is more, at most {@link #MAX_CHUNK_NANOS}. Every
     * chunk costs a round trip: the worker flushes its results, the pool's reader and manager wake,
     * the next chunk is sent and the worker's reader wakes. With every core busy running items those
     * wake-ups preempt the items, so 2 ms chunks over a second of work kept two {@code perfect}
     * workers a tenth slower than two threads; chunks sized from the work left (guided scheduling,
     * as OpenMP calls it) are long while much is left and shrink to the target near the end, so no
     * worker is left with a long last chunk. Only for items of at least
     * {@link #GUIDED_MIN_ITEM_NANOS}: below that a chunk of the target holds thousands of items, the
     * caller's work per item (encoding, decoding, boxing) is what limits the pool, and it keeps pace
     * with the workers only in small steps: longer chunks cut {@code map} over a million tiny items
     * from 23-24 to 18-19 M items/s, and a warm {@code sqrt} of 100 000 items took twice as long.
     */
    static long targetChunkNanos(long remaining, int workers, double avgItemNanos) {
        if (remaining <= 0 || avgItemNanos < GUIDED_MIN_ITEM_NANOS) {
            return TARGET_CHUNK_NANOS;
        }
        double share = avgItemNanos * remaining / Math.max(1, workers);
        return (long) Math.max(TARGET_CHUNK_NANOS, Math.min(MAX_CHUNK_NANOS, share / GUIDED_CHUNKS));
    }

    private int windowChunks(Job job) {
        return windowChunks(job.avgItemNanos, chunkSize(job), job.remainingInput(), Math.max(activeWorkers(), cfg.workers()),
                job.chunksize <= 0);
    }

    /** {@link #windowChunks(double, int, long, int, boolean)} for automatic chunk sizes. */
    static int windowChunks(double avgItemNanos, int chunkSize, long remaining, int workers) {
        return windowChunks(avgItemNanos, chunkSize, remaining, workers, true);
    }

    /**
     * How many chunks a worker may hold at once. More than one hides the round trip between two
     * chunks, which keeps a worker busy; but a worker that holds a second long chunk keeps it from
     * a worker that frees up sooner (ten sleeps of 0.1..1 s on five workers would take 1.9 s
     * instead of 1.5 s), and a worker that is ready first must not take everything (a fresh pool's
     * first items are often the cheapest, so their average says little about the rest: with a
     * window sized from it, one worker took all of {@code perfect}'s chunks, 1.0x on two workers).
     * So: one chunk until the item time is known; one per worker once no more than two rounds of
     * chunks are left; otherwise enough chunks to cover {@link #AUTO_WINDOW_NANOS} (at least two,
     * at most half a worker's share of the items left) for automatic chunk sizes, and
     * {@link #TARGET_WINDOW_NANOS} for explicit ones. A round trip
     * is four thread wake-ups across two processes; with every core busy running items each can
     * wait for a time slice, so it takes milliseconds, not microseconds: with two chunks of 2-3 ms
     * in hand, a {@code perfect} worker on two cores still waited at a third of its chunks.
     *
     * @param remaining items not yet sent, negative if unknown (a stream)
     * @param auto      whether the chunk size is automatic
     */
    static int windowChunks(double avgItemNanos, int chunkSize, long remaining, int workers, boolean auto) {
        if (avgItemNanos < 0) {
            return 1;
        }
        double chunkNanos = Math.max(1, avgItemNanos * chunkSize);
        boolean lastRounds = remaining >= 0 && remaining <= 2L * Math.max(1, workers) * chunkSize;
        if (lastRounds && (auto || chunkNanos >= TARGET_WINDOW_NANOS)) {
            return 1;
        }
        long cover = auto ? AUTO_WINDOW_NANOS : TARGET_WINDOW_NANOS;
        long window = (long) Math.min(MAX_WINDOW_CHUNKS, Math.ceil(cover / chunkNanos));
        if (auto && remaining >= 0) {
            // never more than half a worker's share of what is left: early chunks are sized from the
            // cheapest items and capped at an eighth of the input, and a deep window of those would
            // hand one worker most of the work (perfect on two threads: 1.0x)
            window = Math.min(window, remaining / (2L * Math.max(1, workers) * Math.max(1, chunkSize)));
        }
        return (int) Math.max(2, window);
    }

    private void send(WorkerState w, List<Chunk> batch) {
        List<FunctionRef> defs = new ArrayList<>();
        for (Chunk c : batch) {
            c.exactTimes = timeoutOf(c.job) != null;
            FunctionRef f = c.job.function;
            if (f == null) {
                continue;
            }
            if (w.defined.remove(f.id())) {
                w.defined.add(f.id()); // most recently sent last
            } else {
                w.defined.add(f.id());
                defs.add(f);
            }
        }
        try {
            List<Long> forget = functionsToForget(w);
            if (!forget.isEmpty()) {
                w.handle.forget(forget);
            }
            w.handle.send(defs, batch);
        } catch (io.multiprocessing4j.connection.FrameTooLargeException e) {
            // checked before, so not expected: still, fail these chunks rather than the manager thread
            for (Chunk c : batch) {
                w.inFlight.remove(c);
                for (int i = 0; i < c.size(); i++) {
                    c.job.itemDone(c.firstIndex + i, null, e);
                }
            }
        } catch (IOException e) {
            // the worker is dying: its exit event re-sends what it held
            LOG.log(System.Logger.Level.DEBUG, "send to " + w.describe() + " failed: " + e);
        }
    }

    /**
     * Past {@link #FUNCTION_TABLE_LIMIT} functions defined in a worker, the least recently sent ones
     * that no chunk in the worker uses: a loop of {@code apply(x -> f(x, i), arg)} makes a new
     * function every call, and a worker that kept each one would grow without bound. A forgotten
     * function is defined again if it is sent again.
     */
    private static List<Long> functionsToForget(WorkerState w) {
        if (w.defined.size() <= FUNCTION_TABLE_LIMIT) {
            return List.of();
        }
        Set<Long> inUse = new HashSet<>();
        for (Chunk c : w.inFlight) {
            if (c.job.function != null) {
                inUse.add(c.job.function.id());
            }
        }
        return forgetLeastRecent(w.defined, inUse, FUNCTION_TABLE_LIMIT);
    }

    /**
     * Removes from {@code defined} (least recently sent first) ids not in {@code inUse} until at
     * most {@code limit} are left or only ids in use remain.
     *
     * @return the removed ids, in the order removed
     */
    static List<Long> forgetLeastRecent(java.util.LinkedHashSet<Long> defined, Set<Long> inUse, int limit) {
        List<Long> forget = new ArrayList<>();
        for (Iterator<Long> it = defined.iterator(); it.hasNext() && defined.size() > limit; ) {
            Long id = it.next();
            if (!inUse.contains(id)) {
                it.remove();
                forget.add(id);
            }
        }
        return forget;
    }

    /** Jobs waiting for input or with items in flight. */
    private List<Job> allJobs() {
        List<Job> all = new ArrayList<>(jobs);
        for (WorkerState w : workers) {
            for (Chunk c : w.inFlight) {
                if (!all.contains(c.job)) {
                    all.add(c.job);
                }
            }
        }
        return all;
    }

    private void onCancel(Job job, boolean interruptRunning) {
        job.cancelled = true;
        resend.removeIf(c -> c.job == job);
        if (interruptRunning) {
            for (WorkerState w : new ArrayList<>(workers)) {
                WorkerHandle.Status st = w.handle.status();
                for (Chunk c : w.inFlight) {
                    if (c.job == job && c.id == st.chunkId()) {
                        w.handle.kill();
                    }
                }
            }
        }
    }

    private PoolInsights insights() {
        List<PoolInsights.WorkerInsight> all = new ArrayList<>(pastWorkers);
        long now = System.nanoTime();
        for (WorkerState w : workers) {
            all.add(new PoolInsights.WorkerInsight(w.handle.name(), w.handle.pid(),
                    Duration.ofNanos(w.handle.startupNanos()), w.itemsDone, Duration.ofNanos(w.busyNanos),
                    Duration.ofNanos(Math.max(0, now - w.bornNanos - w.busyNanos)), true));
        }
        List<PoolInsights.SlowTask> slow = new ArrayList<>();
        slowest.stream().sorted((a, b) -> Long.compare(b.nanos, a.nanos)).forEach(x -> slow.add(x.describe()));
        return new PoolInsights(List.copyOf(all), List.copyOf(slow), Duration.ofNanos(cfg.serializationNanos().sum()));
    }
}
