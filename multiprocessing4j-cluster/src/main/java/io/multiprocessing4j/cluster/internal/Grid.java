package io.multiprocessing4j.cluster.internal;

import org.apache.ignite.Ignite;
import org.apache.ignite.IgniteCache;
import org.apache.ignite.IgniteIllegalStateException;
import org.apache.ignite.IgniteInterruptedException;
import org.apache.ignite.Ignition;
import org.apache.ignite.cache.CacheAtomicityMode;
import org.apache.ignite.cache.CacheMode;
import org.apache.ignite.configuration.CacheConfiguration;

import java.io.Serial;
import java.io.Serializable;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.TimeUnit;

/**
 * What every cluster-backed structure shares: its name, how it finds the Ignite node of the JVM it
 * was deserialized in, deadlines, and the small metadata cache of lock owners.
 *
 * <p>Implementation notes. A handle records the instance name of the node that created it; in that
 * JVM (the program, where several client nodes may coexist in tests) it resolves that instance
 * exactly. Deserialized on a server node (inside a child process or a pool task) that name does not
 * exist there, so it falls back to {@link Ignition#localIgnite()} (a job thread knows its node) and
 * then to the only node of the JVM. Ignite objects are transient and looked up on first use. Waits
 * that Ignite offers no blocking call for (events, barriers, joinable queues' {@code join}) re-read
 * the shared word with a back-off from 1 ms to {@link #MAX_BACKOFF_MILLIS}: a cluster word has no
 * futex to sleep on, and an Ignite event listener per waiter would cost more than it saves.
 */
abstract class Grid implements Serializable {
    @Serial
    private static final long serialVersionUID = 1L;
    /** The metadata cache (lock owners): one partitioned cache with a backup, so it survives a node. */
    static final String META_CACHE = "mp4j-structures";
    /** Longest pause between two reads of a shared word while waiting for it to change. */
    static final long MAX_BACKOFF_MILLIS = 20;

    final String name;
    private final String instance;
    private transient volatile Ignite ignite;

    Grid(Ignite ignite, String kind) {
        this.name = "mp4j-" + kind + "-" + UUID.randomUUID();
        this.instance = ignite.name();
        this.ignite = ignite;
    }

    public String name() {
        return name;
    }

    final Ignite ignite() {
        Ignite i = ignite;
        if (i == null) {
            i = resolve(instance);
            ignite = i;
        }
        return i;
    }

    static Ignite resolve(String instance) {
        try {
            return Ignition.ignite(instance);
        } catch (IgniteIllegalStateException notHere) {
            // deserialized in another JVM: use that JVM's node
        }
        try {
            return Ignition.localIgnite();
        } catch (IgniteIllegalStateException notAJobThread) {
            // a thread of the user's: fall through
        }
        List<Ignite> all = Ignition.allGrids();
        if (all.size() == 1) {
            return all.getFirst();
        }
        throw new IllegalStateException("a cluster structure was used in a JVM with " + all.size()
                + " Ignite nodes and none of its own: use it in the program that created it, or in a task or"
                + " child process of the cluster context");
    }

    final IgniteCache<String, String> meta() {
        Ignite i = ignite();
        IgniteCache<String, String> c = i.cache(META_CACHE);
        if (c != null) {
            return c;
        }
        return i.getOrCreateCache(new CacheConfiguration<String, String>(META_CACHE)
                .setCacheMode(CacheMode.PARTITIONED).setBackups(1).setAtomicityMode(CacheAtomicityMode.ATOMIC));
    }

    /** @return nanoseconds left until {@code deadline} ({@link System#nanoTime()}), at least 0 */
    static long remaining(long deadline) {
        return Math.max(0, deadline - System.nanoTime());
    }

    static boolean forever(long deadline) {
        return deadline == Long.MAX_VALUE;
    }

    /**
     * The longest single wait inside Ignite's lock and semaphore. Their waiters are woken by state
     * updates; after a holder's node dies, the release can reach the state without waking a waiter
     * on a client node (seen here: a {@code tryLock(60 s)} that returned true only at its deadline).
     * Waiting in slices makes each slice end with a fresh attempt, so a waiter sees a release within
     * this time.
     */
    static final long WAIT_SLICE_NANOS = TimeUnit.MILLISECONDS.toNanos(200);

    /** @return the next wait slice before {@code deadline}, 0 when it has passed */
    static long slice(long deadline) {
        return forever(deadline) ? WAIT_SLICE_NANOS : Math.min(WAIT_SLICE_NANOS, remaining(deadline));
    }

    /** Sleeps the next back-off step, at most until the deadline; @return the next step */
    static long pause(long backoffMillis, long deadline) throws InterruptedException {
        long nanos = TimeUnit.MILLISECONDS.toNanos(backoffMillis);
        if (!forever(deadline)) {
            nanos = Math.min(nanos, remaining(deadline));
        }
        if (nanos > 0) {
            TimeUnit.NANOSECONDS.sleep(nanos);
        } else if (Thread.interrupted()) {
            throw new InterruptedException();
        }
        return Math.min(backoffMillis * 2, MAX_BACKOFF_MILLIS);
    }

    /** Ignite reports an interrupt as an unchecked exception; callers of a blocking method expect the checked one. */
    static InterruptedException interrupted(IgniteInterruptedException e) {
        Thread.interrupted(); // the checked exception carries the interrupt now, as with any blocking JDK call
        InterruptedException ie = new InterruptedException(e.getMessage());
        ie.initCause(e);
        return ie;
    }

    /**
     * Runs {@code attach} on every server node, best effort: it creates the structure's local
     * instance there (see {@link ClusterSemaphore.Attach}). A node that cannot be reached is skipped.
     */
    static void attachOnServers(Ignite ignite, org.apache.ignite.lang.IgniteRunnable attach) {
        try {
            ignite.compute(ignite.cluster().forServers()).broadcast(attach);
        } catch (org.apache.ignite.IgniteException e) {
            // a node left meanwhile: the structure works; only that node's help at failover is missing
        }
    }

    /** Removes the structure from the cluster: every process's handles stop working. */
    abstract void destroy();

    @Override
    public String toString() {
        return name;
    }
}
