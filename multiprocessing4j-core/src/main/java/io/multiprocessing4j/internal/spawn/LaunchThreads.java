package io.multiprocessing4j.internal.spawn;

import java.util.ArrayDeque;
import java.util.concurrent.locks.LockSupport;

/**
 * Platform daemon threads started before a worker JVM is launched and parked until the launch
 * hands each its job: the two output pumps and the thread that waits for the worker to connect.
 *
 * <p>Implementation notes. {@code Thread.start} returns only once the new thread runs. Right after
 * {@code posix_spawn} the new JVM's boot takes both cores of a small machine, and each of the three
 * starts then waited 0.15-6 ms for a core, most of a cold {@code start()}. So {@link #prepare} tops
 * the parked threads up before the launch, when a start takes a core for a moment, and the launch
 * only unparks them. Threads of each kind keep their stack size (a pump's is small: a parent with
 * hundreds of children has two per child). Thread-safe.
 */
final class LaunchThreads {
    /** A pump's stack: a read loop and {@code PrintStream.println}; only touched pages cost memory. */
    static final LaunchThreads PUMPS = new LaunchThreads("mp4j-pump", 128 * 1024, 2);
    /** The connecting thread's: file channels, a frame, a digest. */
    static final LaunchThreads CONNECTS = new LaunchThreads("mp4j-connect", 0, 1);

    private final String idleName;
    private final long stackBytes;
    private final int perLaunch;
    private final ArrayDeque<Parked> ready = new ArrayDeque<>();

    private LaunchThreads(String idleName, long stackBytes, int perLaunch) {
        this.idleName = idleName;
        this.stackBytes = stackBytes;
        this.perLaunch = perLaunch;
    }

    /** Before a launch: starts parked threads until one launch's worth is ready. */
    void prepare() {
        while (true) {
            synchronized (ready) {
                if (ready.size() >= perLaunch) {
                    return;
                }
            }
            Parked p = new Parked();
            p.thread = Thread.ofPlatform().daemon().name(idleName + "-idle").stackSize(stackBytes).unstarted(p);
            p.thread.start();
            synchronized (ready) {
                ready.add(p);
            }
        }
    }

    /** Runs {@code job} on a parked thread renamed {@code name}, or on a new one if none is ready. */
    void run(String name, Runnable job) {
        Parked p;
        synchronized (ready) {
            p = ready.poll();
        }
        if (p == null) {
            Thread.ofPlatform().daemon().name(name).stackSize(stackBytes).start(job);
            return;
        }
        p.thread.setName(name);
        p.job = job;
        LockSupport.unpark(p.thread);
    }

    private static final class Parked implements Runnable {
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
}
