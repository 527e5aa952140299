package io.multiprocessing4j.internal.spawn;

import io.multiprocessing4j.internal.ipc.ExitHook;
import io.multiprocessing4j.internal.ipc.ShmFile;
import io.multiprocessing4j.internal.log.Lifecycle;
import io.multiprocessing4j.internal.serial.LambdaCall;
import io.multiprocessing4j.internal.wire.Frame;
import io.multiprocessing4j.internal.wire.FrameType;
import io.multiprocessing4j.internal.wire.WorkerStatusWord;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
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
 * <p>Implementation notes. One launcher serves the whole JVM. <b>Warm spares</b> are workers that
 * have connected and wait for their first assignment; {@link #acquireAsync} hands one out when the
 * request has default options, as a fork server would. The first request for a worker turns spares
 * on (default {@code min(2, cores)}, {@code -Dmp4j.spareWorkers}); a single keeper thread then
 * tops them up, one JVM at a time and only while a core is idle ({@link CpuIdle}), so a spare's
 * start never competes with the user's own workers for a small machine's cores. Spares nobody asked
 * for within {@code -Dmp4j.spareIdleSeconds} (default 60) are stopped, and come back with the next
 * request. Every worker is tracked until it exits; a shutdown hook kills the ones that must not
 * outlive this JVM (spares, pool workers, daemon children). Workers also exit on their own when
 * this JVM dies without running hooks (SIGKILL): their pipes reach end of file.
 */
public final class SpawnRuntime {
    /** The role a pool names when it acquires a worker: the only one that keeps a spare's status word. */
    public static final String POOL_WORKER = "pool worker";
    private static final class Holder {
        static final SpawnRuntime INSTANCE = new SpawnRuntime();
    }

    private final WorkerLauncher launcher;
    private final ArrayDeque<WorkerConnection> spares = new ArrayDeque<>();
    private final Set<Process> killAtExit = ConcurrentHashMap.newKeySet();
    private final AtomicInteger spareFailures = new AtomicInteger();
    private final Set<Long> launchingPids = ConcurrentHashMap.newKeySet();
    /**
     * Whether a pool has taken a worker in this JVM: only then do spares get a pool status word
     * (a program that only starts processes would pay for words it never uses: a file created and
     * mapped per spare, and removed when the spare ends).
     */
    private volatile boolean poolsSeen;
    /** The status words of spares being launched (tests use them to tell a spare's from a leak). */
    private final Set<String> launchingWords = ConcurrentHashMap.newKeySet();
    private final Object keeperSignal = new Object();
    private volatile int spareTarget = Integer.getInteger("mp4j.spareWorkers",
            Math.min(2, Runtime.getRuntime().availableProcessors()));
    private volatile boolean sparesWanted;
    private volatile boolean urgent;
    private volatile long lastUseNanos = System.nanoTime();
    private volatile boolean shuttingDown;
    private Thread keeper;
    /** Direct-call forms of the targets run lately, without captures, oldest first; guarded by spares. */
    private final java.util.LinkedHashSet<ByteBuffer> recentTargets = new java.util.LinkedHashSet<>();
    private static final int RECENT_TARGETS = 8;

    private SpawnRuntime() {
        try {
            launcher = new WorkerLauncher();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot create the worker pipes' directory in " + System.getProperty("java.io.tmpdir"), e);
        }
        ExitHook.add(ExitHook.Phase.CHILDREN, this::shutdown);
    }

    public static SpawnRuntime get() {
        return Holder.INSTANCE;
    }

    /**
     * A worker for {@code spec}: a warm spare when one fits (already connected), else a new JVM that
     * is still booting. Returns once the process exists. The caller owns it; if
     * {@code killWithParent}, it is killed when this JVM exits.
     */
    public PendingWorker acquireAsync(LaunchSpec spec, String displayName, boolean killWithParent) {
        return acquireAsync(spec, displayName, killWithParent, "worker");
    }

    /**
     * As {@link #acquireAsync(LaunchSpec, String, boolean)}, naming the worker's role ("pool worker",
     * "process") in lifecycle logs and JFR events.
     */
    public PendingWorker acquireAsync(LaunchSpec spec, String displayName, boolean killWithParent, String role) {
        NestedJars.check(Thread.currentThread().getContextClassLoader()); // before a spare could hide it
        WorkerConnection spare = null;
        if (spec.equals(LaunchSpec.DEFAULT)) {
            spare = takeSpare();
            used();
        }
        if (POOL_WORKER.equals(role)) {
            poolsSeen = true;
        }
        PendingWorker p = spare != null
                ? new PendingWorker(spare.process(), CompletableFuture.completedFuture(spare))
                : launcher.start(spec, displayName);
        track(p.process(), killWithParent);
        boolean fromSpare = spare != null;
        p.connected().thenAccept(w -> announce(w, displayName, role, fromSpare));
        return p;
    }

    /** As {@link #acquireAsync}, waiting for the connection. */
    public WorkerConnection acquire(LaunchSpec spec, String displayName, boolean killWithParent) {
        return WorkerLauncher.await(acquireAsync(spec, displayName, killWithParent));
    }

    /** As {@link #acquireAsync(LaunchSpec, String, boolean, String)}, waiting for the connection. */
    public WorkerConnection acquire(LaunchSpec spec, String displayName, boolean killWithParent, String role) {
        return WorkerLauncher.await(acquireAsync(spec, displayName, killWithParent, role));
    }

    /** Starts several workers at once (spares first) and waits for them all; all or nothing. */
    public List<WorkerConnection> acquireAll(int n, LaunchSpec spec, String displayName) {
        List<PendingWorker> pending = new ArrayList<>(n);
        try {
            for (int i = 0; i < n; i++) {
                pending.add(acquireAsync(spec, displayName, true));
            }
            List<WorkerConnection> got = new ArrayList<>(n);
            for (PendingWorker p : pending) {
                got.add(WorkerLauncher.await(p));
            }
            return got;
        } catch (RuntimeException e) {
            pending.forEach(p -> p.process().destroyForcibly());
            throw e;
        }
    }

    private static void announce(WorkerConnection w, String name, String role, boolean spare) {
        long handedOut = System.nanoTime();
        long pid = w.pid();
        Lifecycle.workerStarted(name, pid, role, w.startupNanos(), spare);
        w.onExit().thenRun(() -> Lifecycle.workerExited(name, pid, role, System.nanoTime() - handedOut, w.exitCode()));
    }

    private void track(Process process, boolean killWithParent) {
        if (killWithParent) {
            killAtExit.add(process);
            ProcessExit.of(process).thenRun(() -> killAtExit.remove(process));
        }
    }

    private WorkerConnection takeSpare() {
        synchronized (spares) {
            while (!spares.isEmpty()) {
                WorkerConnection w = spares.pollFirst();
                if (w.inheritsProperties() != JavaCommand.inheritSystemProperties()) {
                    w.closeChannel(); // started before the context's setting changed
                } else if (w.isAlive()) {
                    killAtExit.remove(w.process());
                    w.handedOver();
                    return w;
                } else {
                    w.closeChannel();
                }
            }
        }
        return null;
    }

    /** A worker was asked for: spares are wanted again, and their idle clock restarts. */
    private void used() {
        lastUseNanos = System.nanoTime();
        if (!sparesWanted && spareTarget > 0) {
            sparesWanted = true;
        }
        wakeKeeper();
    }

    private void wakeKeeper() {
        synchronized (keeperSignal) {
            if (keeper == null) {
                keeper = Thread.ofPlatform().daemon().name("mp4j-spare-keeper").start(this::keepSpares);
            }
            keeperSignal.notifyAll();
        }
    }

    /** Sets the number of warm spares; they start in the background (0 stops them). */
    public void spareWorkers(int count) {
        if (count < 0) {
            throw new IllegalArgumentException("spareWorkers must be >= 0, got " + count);
        }
        spareTarget = count;
        trimSpares(count);
        sparesWanted = count > 0;
        lastUseNanos = System.nanoTime();
        wakeKeeper();
    }

    public int spareTarget() {
        return spareTarget;
    }

    /** Starts the spares now, whatever the machine is doing, and waits until they are ready. */
    public void awaitSpares() throws InterruptedException {
        if (spareTarget == 0) {
            return;
        }
        urgent = true;
        try {
            used();
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(120);
            int failuresBefore = spareFailures.get();
            while (System.nanoTime() < deadline && spareFailures.get() == failuresBefore) {
                synchronized (spares) {
                    dropDeadSpares();
                    if (spares.size() >= spareTarget || !sparesWanted) {
                        return;
                    }
                    spares.wait(50);
                }
            }
        } finally {
            urgent = false;
        }
    }

    /** The names of the status words that spares alive or starting now hold (tests use them to tell a spare's from a leak). */
    public Set<String> spareStatusWords() {
        synchronized (spares) {
            Set<String> names = ConcurrentHashMap.newKeySet();
            spares.forEach(w -> {
                String n = w.statusWordName();
                if (n != null) {
                    names.add(n);
                }
            });
            names.addAll(launchingWords);
            return names;
        }
    }

    /** The pids of spares that are alive or starting now (tests use it to tell spares from leaks). */
    public Set<Long> sparePids() {
        synchronized (spares) {
            Set<Long> pids = ConcurrentHashMap.newKeySet();
            spares.forEach(w -> pids.add(w.pid()));
            pids.addAll(launchingPids);
            return pids;
        }
    }

    /**
     * Tells the spares, and those started later, to get the method of a target ready while they
     * wait ({@code PRELOAD_TARGETS}): its classes loaded and linked, its method resolved.
     * {@code directForm} is the direct-call form ({@code LambdaCall}) of a process's target or of a
     * pool's function: a program runs the same few again and again.
     */
    public void rememberTarget(byte[] directForm) {
        ByteBuffer key = ByteBuffer.wrap(LambdaCall.withoutCaptures(directForm));
        synchronized (spares) {
            if (!recentTargets.add(key)) {
                return;
            }
            if (recentTargets.size() > RECENT_TARGETS) {
                recentTargets.removeFirst();
            }
            Frame hint = preloadFrame(List.of(key));
            for (WorkerConnection w : spares) {
                sendHint(w, hint);
            }
        }
    }

    private static Frame preloadFrame(java.util.Collection<ByteBuffer> forms) {
        int size = 4;
        for (ByteBuffer f : forms) {
            size += 4 + f.remaining();
        }
        ByteBuffer b = ByteBuffer.allocate(size).putInt(forms.size());
        for (ByteBuffer f : forms) {
            b.putInt(f.remaining()).put(f.duplicate());
        }
        return new Frame(FrameType.PRELOAD_TARGETS, b.array());
    }

    /** Whether the {@code PRELOAD_TARGETS} payload {@code payload} holds {@code form}. */
    private static boolean contains(byte[] payload, ByteBuffer form) {
        ByteBuffer b = ByteBuffer.wrap(payload);
        for (int i = b.getInt(); i > 0; i--) {
            int n = b.getInt();
            if (b.slice(b.position(), n).equals(form)) {
                return true;
            }
            b.position(b.position() + n);
        }
        return false;
    }

    private static void sendHint(WorkerConnection w, Frame hint) {
        try {
            w.send(hint);
        } catch (IOException e) {
            // a spare that died: the next look at the spares drops it
        }
    }

    /** Forgets the spares that died (their readers stop); the caller holds the spares' lock. */
    private void dropDeadSpares() {
        spares.removeIf(w -> {
            if (w.isAlive()) {
                return false;
            }
            w.closeChannel();
            return true;
        });
    }

    private void trimSpares(int keep) {
        synchronized (spares) {
            while (spares.size() > keep) {
                spares.pollLast().closeChannel();
            }
        }
    }

    private int missingSpares() {
        synchronized (spares) {
            dropDeadSpares();
            return sparesWanted ? spareTarget - spares.size() : 0;
        }
    }

    /** The keeper thread: stops idle spares, and starts missing ones one at a time when a core is free. */
    private void keepSpares() {
        while (!shuttingDown) {
            try {
                long idleNanos = TimeUnit.SECONDS.toNanos(Long.getLong("mp4j.spareIdleSeconds", 60));
                long idleFor = System.nanoTime() - lastUseNanos;
                if (sparesWanted && idleFor >= idleNanos && !urgent) {
                    sparesWanted = false;
                    trimSpares(0);
                }
                if (missingSpares() <= 0) {
                    synchronized (keeperSignal) {
                        long untilIdle = sparesWanted ? Math.max(1, (idleNanos - idleFor) / 1_000_000) : 0;
                        keeperSignal.wait(untilIdle == 0 ? 0 : Math.min(untilIdle, 60_000));
                    }
                    continue;
                }
                if (!urgent && !CpuIdle.aCoreIsIdle(100)) {
                    continue;
                }
                startSpare();
            } catch (InterruptedException e) {
                return;
            } catch (RuntimeException | Error e) {
                spareFailures.incrementAndGet();
            }
        }
    }

    private void startSpare() {
        long[] pid = {-1};
        ShmFile word = null;
        String wordName = null;
        try {
            byte[] preload;
            synchronized (spares) {
                preload = recentTargets.isEmpty() ? null : preloadFrame(recentTargets).payload();
            }
            // made here, in the background, rather than by a pool on its critical path (0.5-1 ms to
            // create, as long again for the worker to map), once this program has used a pool; a
            // spare that becomes anything else lets it go when it ends
            if (poolsSeen) {
                // recorded before the file exists, forgotten once the spare is listed (below)
                wordName = ShmFile.newName();
                launchingWords.add(wordName);
                word = ShmFile.create(wordName, WorkerStatusWord.SIZE);
            }
            WorkerConnection w = launcher.launch(LaunchSpec.DEFAULT, "spare", preload, word == null ? null : word.name(), p -> {
                pid[0] = p.pid();
                launchingPids.add(pid[0]);
            });
            if (word != null) {
                w.offerStatusWord(word);
                word = null; // the connection's now
            }
            killAtExit.add(w.process());
            w.onExit().thenRun(() -> {
                killAtExit.remove(w.process());
                w.releaseStatusWord();
            });
            Lifecycle.spareStarted(w.pid(), w.startupNanos());
            boolean kept;
            synchronized (spares) {
                kept = sparesWanted && spares.size() < spareTarget && !shuttingDown;
                if (kept) {
                    w.prestartReader();
                    List<ByteBuffer> learnt = recentTargets.stream()
                            .filter(t -> preload == null || !contains(preload, t)).toList();
                    if (!learnt.isEmpty()) {
                        sendHint(w, preloadFrame(learnt)); // targets first run while it booted
                    }
                    spares.addLast(w);
                }
                spares.notifyAll();
            }
            if (!kept) {
                w.closeChannel();
            }
        } catch (IOException | RuntimeException | LinkageError e) {
            // a spare that fails to start is not an error anyone asked about; the next
            // acquire starts cold and reports the problem
            spareFailures.incrementAndGet();
            synchronized (spares) {
                spares.notifyAll();
            }
            // do not retry in a tight loop
            try {
                Thread.sleep(1000);
            } catch (InterruptedException ie) {
                Thread.currentThread().interrupt();
            }
        } finally {
            launchingPids.remove(pid[0]);
            if (word != null) {
                word.close();
                ShmFile.unlink(word.name());
            }
            if (wordName != null) {
                launchingWords.remove(wordName); // by now listed with its spare, or removed
            }
        }
    }

    private void shutdown() {
        shuttingDown = true;
        for (Process p : killAtExit) {
            p.destroyForcibly();
        }
        launcher.close();
    }
}
