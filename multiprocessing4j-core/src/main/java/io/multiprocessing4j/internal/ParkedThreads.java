package io.multiprocessing4j.internal;

import java.util.ArrayDeque;
import java.util.concurrent.locks.LockSupport;

/**
 * Platform daemon threads started ahead of need and parked until a job is handed to one: the
 * output pumps and connecting thread of a worker launch, and a spare worker's pool threads.
 *
 * <p>Implementation notes. {@code Thread.start} returns only once the new thread runs, and on a
 * small machine busy with a JVM's boot that wait was 0.15-6 ms per thread (after a launch's
 * {@code posix_spawn}, or in a pool worker whose pool and sibling start beside it). Threads started
 * earlier, while a core is free, are only unparked: {@link #prepare} tops them up, {@link #run}
 * hands out one (or starts a thread when none is ready), {@link #retire} lets the unused ones end.
 * Every thread of one instance has its stack size (a pump's is small: a parent with hundreds of
 * children has two per child) and is renamed for its job. Daemons: a thread parked for a job that
 * never comes must not keep a JVM alive. Thread-safe.
 */
public final class ParkedThreads {
    private final String idleName;
    private final long stackBytes;
    private final ArrayDeque<Parked> ready = new ArrayDeque<>();

    /** @param stackBytes each thread's stack size, 0 for the JVM's default */
    public ParkedThreads(String idleName, long stackBytes) {
        this.idleName = idleName;
        this.stackBytes = stackBytes;
    }

    /** Starts parked threads until {@code count} are ready. */
    public void prepare(int count) {
        while (true) {
            synchronized (ready) {
                if (ready.size() >= count) {
                    return;
                }
            }
            Parked p = new Parked();
            p.thread = Thread.ofPlatform().daemon().name(idleName).stackSize(stackBytes).unstarted(p);
            p.thread.start();
            synchronized (ready) {
                ready.add(p);
            }
        }
    }

    /** Runs {@code job} on a parked thread renamed {@code name}, or on a new one if none is ready. */
    public Thread run(String name, Runnable job) {
        Parked p;
        synchronized (ready) {
            p = ready.poll();
        }
        if (p == null) {
            return Thread.ofPlatform().daemon().name(name).stackSize(stackBytes).start(job);
        }
        p.thread.setName(name);
        p.job = job;
        LockSupport.unpark(p.thread);
        return p.thread;
    }

    /** Lets the parked threads no job took end. */
    public void retire() {
        while (true) {
            Parked p;
            synchronized (ready) {
                p = ready.poll();
            }
            if (p == null) {
                return;
            }
            p.job = Parked.RETIRED;
            LockSupport.unpark(p.thread);
        }
    }

    private static final class Parked implements Runnable {
        static final Runnable RETIRED = new Retired();
        /** Set before the thread starts. */
        Thread thread;
        volatile Runnable job;

        @Override
        public void run() {
            Runnable j;
            while ((j = job) == null) {
                LockSupport.park(this);
            }
            j.run();
        }
    }

    /** A class, not a lambda: a worker's AOT cache holds classes, and a lambda is spun at run time. */
    private static final class Retired implements Runnable {
        @Override
        public void run() {
            // nothing: the thread ends
        }
    }
}
