package io.multiprocessing4j.internal.spawn;

import io.multiprocessing4j.internal.log.Lifecycle;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The worker JVMs of this process: launching, warm spares, and clean-up at exit.
 *
 * <p>Implementation notes. One launcher (socket + authkey) serves the whole JVM. Warm spares are
 * workers that have connected and wait for their first assignment; {@link #acquire} hands one out
 * when the request has default options, and a background thread tops the spares back up. Every
 * worker is tracked until it exits; a shutdown hook kills the ones that must not outlive this JVM
 * (spares, pool workers, daemon children). Workers also exit on their own when this JVM dies
 * without running hooks (SIGKILL): their connection reaches end of stream.
 */
public final class SpawnRuntime {
    private static final class Holder {
        static final SpawnRuntime INSTANCE = new SpawnRuntime();
    }

    private final WorkerLauncher launcher;
    private final ArrayDeque<WorkerConnection> spares = new ArrayDeque<>();
    private final Set<WorkerConnection> killAtExit = ConcurrentHashMap.newKeySet();
    private final AtomicInteger launching = new AtomicInteger();
    private final AtomicInteger spareFailures = new AtomicInteger();
    private final Set<Long> launchingPids = ConcurrentHashMap.newKeySet();
    private volatile int spareTarget = Integer.getInteger("mp4j.spareWorkers", 1);
    private volatile boolean sparesEnabled;
    private volatile boolean shuttingDown;

    private SpawnRuntime() {
        try {
            launcher = new WorkerLauncher();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot open the worker socket in " + System.getProperty("java.io.tmpdir"), e);
        }
        Runtime.getRuntime().addShutdownHook(new Thread(this::shutdown, "mp4j-spawn-shutdown"));
    }

    public static SpawnRuntime get() {
        return Holder.INSTANCE;
    }

    /**
     * A connected worker for {@code spec}: a warm spare when one fits, else a new JVM. The caller
     * owns it; if {@code killAtExit}, it is killed when this JVM exits.
     */
    public WorkerConnection acquire(LaunchSpec spec, String displayName, boolean killWithParent) {
        return acquire(spec, displayName, killWithParent, "worker");
    }

    /**
     * As {@link #acquire(LaunchSpec, String, boolean)}, naming the worker's role ("pool worker",
     * "process") in lifecycle logs and JFR events.
     */
    public WorkerConnection acquire(LaunchSpec spec, String displayName, boolean killWithParent, String role) {
        NestedJars.check(Thread.currentThread().getContextClassLoader()); // before a spare could hide it
        WorkerConnection w = null;
        boolean spare = false;
        if (spec.equals(LaunchSpec.DEFAULT)) {
            w = takeSpare();
            sparesEnabled = true;
            if (w != null) {
                spare = true;
                // A new JVM starting takes a core for a few hundred milliseconds; on a small machine
                // that would slow the very worker just handed out. Top up once it has finished, or
                // after a moment if it runs long.
                WorkerConnection taken = w;
                CompletableFuture.anyOf(taken.onExit(),
                                CompletableFuture.runAsync(() -> { }, CompletableFuture.delayedExecutor(250, TimeUnit.MILLISECONDS, Thread::startVirtualThread)))
                        .thenRun(this::replenish);
            } else {
                replenish();
            }
        }
        if (w == null) {
            w = launcher.launch(spec, displayName);
        }
        track(w, killWithParent);
        announce(w, displayName, role, spare);
        return w;
    }

    /** Starts several workers in parallel (spares first); all or nothing. */
    public List<WorkerConnection> acquireAll(int n, LaunchSpec spec, String displayName) {
        List<WorkerConnection> got = new ArrayList<>(n);
        List<Thread> threads = new ArrayList<>();
        List<RuntimeException> errors = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            Thread t = Thread.ofVirtual().start(() -> {
                try {
                    WorkerConnection w = acquire(spec, displayName, true);
                    synchronized (got) {
                        got.add(w);
                    }
                } catch (RuntimeException e) {
                    synchronized (errors) {
                        errors.add(e);
                    }
                }
            });
            threads.add(t);
        }
        for (Thread t : threads) {
            try {
                t.join();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                got.forEach(WorkerConnection::kill);
                throw new IllegalStateException("interrupted while starting workers", e);
            }
        }
        if (!errors.isEmpty()) {
            got.forEach(WorkerConnection::kill);
            throw errors.getFirst();
        }
        return got;
    }

    private static void announce(WorkerConnection w, String name, String role, boolean spare) {
        long handedOut = System.nanoTime();
        long pid = w.pid();
        Lifecycle.workerStarted(name, pid, role, w.startupNanos(), spare);
        w.onExit().thenRun(() -> Lifecycle.workerExited(name, pid, role, System.nanoTime() - handedOut, w.exitCode()));
    }

    private void track(WorkerConnection w, boolean killWithParent) {
        if (killWithParent) {
            killAtExit.add(w);
        }
        w.onExit().thenRun(() -> killAtExit.remove(w));
    }

    private WorkerConnection takeSpare() {
        synchronized (spares) {
            while (!spares.isEmpty()) {
                WorkerConnection w = spares.pollFirst();
                if (w.isAlive()) {
                    killAtExit.remove(w);
                    return w;
                }
            }
        }
        return null;
    }

    /** Sets the number of warm spares and starts them now. */
    public void spareWorkers(int count) {
        if (count < 0) {
            throw new IllegalArgumentException("spareWorkers must be >= 0, got " + count);
        }
        spareTarget = count;
        sparesEnabled = count > 0;
        synchronized (spares) {
            while (spares.size() > count) {
                WorkerConnection w = spares.pollLast();
                w.closeChannel();
            }
        }
        replenish();
    }

    public int spareTarget() {
        return spareTarget;
    }

    /** Waits until the spares are ready. */
    public void awaitSpares() throws InterruptedException {
        long deadline = System.nanoTime() + 120_000_000_000L;
        int failuresBefore = spareFailures.get();
        while (System.nanoTime() < deadline && spareFailures.get() == failuresBefore) {
            synchronized (spares) {
                spares.removeIf(w -> !w.isAlive());
                if (spares.size() >= spareTarget || !sparesEnabled) {
                    return;
                }
            }
            replenish();
            Thread.sleep(5);
        }
    }

    /** The pids of spares that are alive now (tests use it to tell spares from leaks). */
    public Set<Long> sparePids() {
        synchronized (spares) {
            Set<Long> pids = ConcurrentHashMap.newKeySet();
            spares.forEach(w -> pids.add(w.pid()));
            pids.addAll(launchingPids);
            return pids;
        }
    }

    private void replenish() {
        if (!sparesEnabled || shuttingDown) {
            return;
        }
        int missing;
        synchronized (spares) {
            spares.removeIf(w -> !w.isAlive());
            missing = spareTarget - spares.size() - launching.get();
        }
        for (int i = 0; i < missing; i++) {
            launching.incrementAndGet();
            Thread.ofVirtual().name("mp4j-spare-launcher").start(() -> {
                long[] pid = {-1};
                try {
                    WorkerConnection w = launcher.launch(LaunchSpec.DEFAULT, "spare", p -> {
                        pid[0] = p.pid();
                        launchingPids.add(pid[0]);
                    });
                    killAtExit.add(w);
                    w.onExit().thenRun(() -> killAtExit.remove(w));
                    Lifecycle.spareStarted(w.pid(), w.startupNanos());
                    boolean kept;
                    synchronized (spares) {
                        kept = spares.size() < spareTarget && !shuttingDown;
                        if (kept) {
                            spares.addLast(w);
                        }
                    }
                    if (!kept) {
                        w.closeChannel();
                    }
                } catch (RuntimeException | LinkageError e) {
                    // a spare that fails to start is not an error anyone asked about; the next
                    // acquire starts cold and reports the problem
                    spareFailures.incrementAndGet();
                } finally {
                    launchingPids.remove(pid[0]);
                    launching.decrementAndGet();
                }
            });
        }
    }

    private void shutdown() {
        shuttingDown = true;
        for (WorkerConnection w : killAtExit) {
            w.kill();
        }
        launcher.close();
    }
}
