package io.multiprocessing4j.internal.pool;

import io.multiprocessing4j.internal.log.Lifecycle;
import io.multiprocessing4j.pool.InitializerFailedException;
import io.multiprocessing4j.pool.PoolInsights;
import io.multiprocessing4j.pool.TaskTimeoutException;
import io.multiprocessing4j.process.WorkerCrashedException;

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
 * the results, and shrink near the end of a call so no worker is left with a long tail. With tiny
 * items, the window grows so a round trip covers several milliseconds of work.
 *
 * <p>Each worker publishes which chunk and item it is running, and since when (a word of shared
 * memory for a worker JVM). That is how an overdue item is found exactly, and how a crash is
 * blamed on the one item that was running: the others it held are simply sent again.
 */
final class PoolEngine implements Runnable {
    private static final System.Logger LOG = System.getLogger(PoolEngine.class.getName());
    static final long TARGET_CHUNK_NANOS = 2_000_000;
    private static final long TARGET_WINDOW_NANOS = 4_000_000;
    private static final int MAX_WINDOW_CHUNKS = 512;
    private static final int MAX_START_FAILURES = 3;

    /** A worker as the manager thread tracks it. */
    private static final class WorkerState {
        final WorkerHandle handle;
        final ArrayDeque<Chunk> inFlight = new ArrayDeque<>();
        final Set<Long> defined = new HashSet<>();
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
    private final List<PoolInsights.WorkerInsight> pastWorkers = new ArrayList<>();
    private final ArrayDeque<Job> jobs = new ArrayDeque<>();
    private final ArrayDeque<Chunk> resend = new ArrayDeque<>();
    private final PriorityQueue<PoolInsights.SlowTask> slowest =
            new PriorityQueue<>((a, b) -> a.duration().compareTo(b.duration()));
    private int starting;
    private int startFailures;
    /** Workers in a row that died before finishing any item with nothing running: start-up deaths. */
    private int deathsInStartup;
    private RuntimeException broken;
    private boolean closing;
    private boolean terminating;

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

    CompletableFuture<Void> stopped() {
        return stopped;
    }

    // --- the loop ---------------------------------------------------------------------------------

    @Override
    public void run() {
        try {
            ensureWorkers();
            while (true) {
                PoolEvent e = events.poll(pollNanos(), TimeUnit.NANOSECONDS);
                if (e != null) {
                    handle(e);
                    // drain what is already there before dispatching: batches results and calls
                    for (PoolEvent more; (more = events.poll()) != null; ) {
                        handle(more);
                    }
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
            broken = new IllegalStateException("the pool's manager thread failed: " + e, e);
            terminateNow();
        } finally {
            Lifecycle.poolClosed(cfg.namePrefix() + " x" + cfg.workers());
            stopped.complete(null);
        }
    }

    private long pollNanos() {
        if (cfg.taskTimeout() != null) {
            long byTimeout = Math.max(1_000_000, Math.min(cfg.taskTimeout().toNanos() / 4, 20_000_000));
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
                }
            }
            case PoolEvent.InputAvailable ignored -> {
                // dispatch() looks at every job's input
            }
            case PoolEvent.WorkerReady r -> onReady(r.worker());
            case PoolEvent.WorkerStartFailed f -> onStartFailed(f.error());
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
        if (closing || terminating || broken != null) {
            return;
        }
        boolean haveWork = !resend.isEmpty() || jobs.stream().anyMatch(j -> !j.finished());
        if (cfg.idleTimeout() != null && !haveWork) {
            return;
        }
        while (activeWorkers() + starting < cfg.workers()) {
            starting++;
            String name = cfg.namePrefix() + "-" + workerNumbers.incrementAndGet();
            backend.start(name, this::post);
        }
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
    }

    private void onStartFailed(RuntimeException error) {
        starting--;
        startFailures++;
        LOG.log(System.Logger.Level.WARNING, "a pool worker failed to start: " + error.getMessage());
        if (startFailures >= MAX_START_FAILURES && workers.isEmpty()) {
            fail(new IllegalStateException("the pool cannot start workers (" + startFailures
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
        WorkerState w = find(h);
        if (w == null) {
            h.release();
            return;
        }
        workers.remove(w);
        w.gone = true;
        remember(w);
        WorkerHandle.Status st = h.status();
        if (w.itemsDone == 0 && st.chunkId() < 0 && exitCode != 0 && !w.shutdownSent && !terminating) {
            if (++deathsInStartup >= MAX_START_FAILURES) {
                WorkerCrashedException why = h.crashReport(exitCode, "start-up (before its first task)");
                fail(new IllegalStateException("pool workers keep dying during start-up or in the initializer ("
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
                blame(w, c, i, exitCode);
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

    private void blame(WorkerState w, Chunk c, int i, int exitCode) {
        long index = c.firstIndex + i;
        String task = c.job.describeItem(index, c.originals[i]);
        if (c.timedOutItem == i || w.timingOutChunk == c.id) {
            c.job.itemDone(index, null, new TaskTimeoutException(task, cfg.taskTimeout(), w.describe(), true));
            return;
        }
        WorkerCrashedException crash = w.handle.crashReport(exitCode, task);
        Lifecycle.workerCrashed(w.handle.name(), w.handle.pid(), crash.getMessage().lines().findFirst().orElse(""));
        List<String> history = c.job.crashHistory.computeIfAbsent(index, k -> new ArrayList<>());
        history.add(crash.getMessage().lines().findFirst().orElse(""));
        if (history.size() <= cfg.retryPolicy().maxRetries()) {
            resend.addFirst(c.slice(chunkIds.getAndIncrement(), i, i + 1));
            return;
        }
        if (history.size() > 1) {
            WorkerCrashedException quarantined = new WorkerCrashedException(w.handle.pid(), exitCode,
                    task, crash.hsErrFile().orElse(null), crash.stderrTail(),
                    "quarantined after killing " + history.size() + " workers: " + String.join(" | ", history));
            c.job.itemDone(index, null, quarantined);
        } else {
            c.job.itemDone(index, null, crash);
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
        for (ChunkResult r : results) {
            Chunk c = removeInFlight(w, r.chunkId());
            if (c == null) {
                continue;
            }
            if (w.timingOutChunk == c.id) {
                w.timingOutChunk = -1;
            }
            Job job = c.job;
            for (int i = 0; i < c.size(); i++) {
                long nanos = r.nanos()[i];
                w.busyNanos += nanos;
                job.recordDuration(nanos);
                noteSlow(job, c, i, nanos, w);
                if (job.finished()) {
                    continue;
                }
                long index = c.firstIndex + i;
                Throwable err = r.errors()[i];
                if (i == c.timedOutItem) {
                    err = new TaskTimeoutException(job.describeItem(index, c.originals[i]), cfg.taskTimeout(),
                            w.describe(), false);
                } else if (err != null) {
                    err = PoolErrors.withContext(err, job.describeItem(index, c.originals[i]) + " failed in " + w.describe());
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

    private void noteSlow(Job job, Chunk c, int i, long nanos, WorkerState w) {
        if (slowest.size() == 10 && slowest.peek().duration().toNanos() >= nanos) {
            return;
        }
        slowest.add(new PoolInsights.SlowTask(job.label + " item " + (c.firstIndex + i),
                Job.summarize(c.originals[i]), Duration.ofNanos(nanos), w.handle.name()));
        if (slowest.size() > 10) {
            slowest.poll();
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

    private void checkDeadlines() {
        if (cfg.taskTimeout() == null) {
            return;
        }
        long now = System.nanoTime();
        long limit = cfg.taskTimeout().toNanos();
        for (WorkerState w : new ArrayList<>(workers)) {
            if (w.timingOutChunk >= 0) {
                if (now - w.killDeadline > 0 && !w.killedForTimeout) {
                    w.killedForTimeout = true;
                    w.handle.kill();
                }
                continue;
            }
            WorkerHandle.Status st = w.handle.status();
            if (st.chunkId() < 0 || now - st.startNanos() <= limit) {
                continue;
            }
            for (Chunk c : w.inFlight) {
                if (c.id == st.chunkId()) {
                    c.timedOutItem = st.item();
                    w.timingOutChunk = c.id;
                    Lifecycle.taskPastDeadline(w.handle.name(), w.handle.pid(),
                            c.job.describeItem(c.firstIndex + st.item(), c.originals[st.item()]), cfg.taskTimeout());
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
        jobs.removeIf(j -> j.finished() && !j.hasInput());
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
        int n = Math.max(1, activeWorkers());
        long remaining = job.remainingInput();
        long cap = remaining > 0 ? Math.max(1, remaining / (2L * n)) : 4096;
        if (job.avgItemNanos < 0) {
            long initial = remaining > 0 ? Math.max(1, Math.min(remaining / (8L * n), 16)) : 1;
            return (int) Math.min(initial, cap);
        }
        long byTime = (long) (TARGET_CHUNK_NANOS / Math.max(job.avgItemNanos, 1));
        return (int) Math.max(1, Math.min(Math.min(byTime, cap), 1_000_000));
    }

    private int windowChunks(Job job) {
        if (job.avgItemNanos < 0) {
            return 2;
        }
        double chunkNanos = Math.max(1, job.avgItemNanos * chunkSize(job));
        return (int) Math.max(2, Math.min(MAX_WINDOW_CHUNKS, Math.ceil(TARGET_WINDOW_NANOS / chunkNanos)));
    }

    private void send(WorkerState w, List<Chunk> batch) {
        List<FunctionRef> defs = new ArrayList<>();
        for (Chunk c : batch) {
            FunctionRef f = c.job.function;
            if (f != null && w.defined.add(f.id())) {
                defs.add(f);
            }
        }
        try {
            w.handle.send(defs, batch);
        } catch (IOException e) {
            // the worker is dying: its exit event re-sends what it held
            LOG.log(System.Logger.Level.DEBUG, "send to " + w.describe() + " failed: " + e);
        }
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
        List<PoolInsights.SlowTask> slow = new ArrayList<>(slowest);
        slow.sort((a, b) -> b.duration().compareTo(a.duration()));
        return new PoolInsights(List.copyOf(all), List.copyOf(slow), Duration.ofNanos(cfg.serializationNanos().sum()));
    }
}
