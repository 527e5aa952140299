package io.multiprocessing4j.internal.worker;

import java.util.ArrayDeque;
import java.util.concurrent.locks.LockSupport;

/**
 * Platform threads a spare starts before it reports ready, parked until its assignment gives each
 * a job: a pool worker's task thread and status-word attacher.
 *
 * <p>Implementation notes. {@code Thread.start} waits until the new thread runs, and in a young
 * JVM on a busy 2-core machine (the pool's other new worker and the pool itself starting beside
 * it) that took 0.2-1.6 ms per thread, on the path of a new pool's first result. A spare has time
 * before anyone needs it. Parked threads are daemons: a spare whose start fails, or that is never
 * needed, must end as soon as its main thread does (a pool worker never waits for its threads: it
 * always ends through {@code WorkerMain.exitNow}). A spare that becomes a {@code ChildProcess} lets
 * them end ({@link #retire}) before its target runs. Each thread is renamed when it takes its job.
 * Threads of the main thread only: {@link #prestart}, {@link #start} and {@link #retire}
 * are called by it.
 */
final class ParkedThreads {
    private static final ArrayDeque<Parked> READY = new ArrayDeque<>();

    private ParkedThreads() {
    }

    /** Starts {@code n} threads that wait for a job. */
    static void prestart(int n) {
        for (int i = 0; i < n; i++) {
            Parked p = new Parked();
            Thread t = new Thread(p, "mp4j-parked-" + i);
            t.setDaemon(true);
            p.thread = t;
            t.start();
            READY.add(p);
        }
    }

    /** Runs {@code job} on a parked thread renamed {@code name}, or on a new platform thread if none is left. */
    static Thread start(String name, Runnable job) {
        Parked p = READY.poll();
        if (p == null) {
            return Thread.ofPlatform().daemon().name(name).start(job);
        }
        p.thread.setName(name);
        p.job = job;
        LockSupport.unpark(p.thread);
        return p.thread;
    }

    /** Lets the threads no job took end. */
    static void retire() {
        Parked p;
        while ((p = READY.poll()) != null) {
            p.retired = true;
            LockSupport.unpark(p.thread);
        }
    }

    private static final class Parked implements Runnable {
        /** Set before the thread starts. */
        Thread thread;
        volatile Runnable job;
        volatile boolean retired;

        @Override
        public void run() {
            while (job == null && !retired) {
                LockSupport.park(this);
            }
            Runnable j = job;
            if (j != null) {
                j.run();
            }
        }
    }
}
