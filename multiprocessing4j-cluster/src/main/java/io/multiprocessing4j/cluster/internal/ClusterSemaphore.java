package io.multiprocessing4j.cluster.internal;

import io.multiprocessing4j.spi.SemaphoreBackend;
import org.apache.ignite.Ignite;
import org.apache.ignite.IgniteInterruptedException;
import org.apache.ignite.IgniteSemaphore;
import org.apache.ignite.Ignition;
import org.apache.ignite.lang.IgniteRunnable;

import java.io.Serial;
import java.util.concurrent.TimeUnit;

/**
 * The cluster context's {@code ProcessSemaphore}: an {@link IgniteSemaphore} created with
 * {@code failoverSafe}, so permits held by a node that dies are given back.
 *
 * <p>Implementation notes. A bounded semaphore checks its bound before releasing, with a read and
 * then a release: two nodes releasing at the same instant can both pass the check, so the bound is
 * a guard against programming errors, not an atomic guarantee. Every server node gets a local
 * instance at creation ({@link Attach}), so that a dead holder's permits are given back. Ignite does not tell which
 * acquisition followed a dead holder's permits, so {@link #lastOwnerDied()} is always false.
 */
public final class ClusterSemaphore extends Grid implements SemaphoreBackend {
    @Serial
    private static final long serialVersionUID = 1L;
    private final int bound;
    private transient volatile IgniteSemaphore sem;

    /** @param bound the initial permits of a bounded semaphore, {@code -1} for an unbounded one */
    public ClusterSemaphore(Ignite ignite, int permits, int bound) {
        super(ignite, "semaphore");
        this.bound = bound;
        this.sem = ignite.semaphore(name, permits, true, true);
        attachOnServers(ignite, new Attach(name));
    }

    /**
     * Creates the semaphore's local instance on a server node. Ignite gives a dead node's permits
     * back from the {@code onNodeRemoved} of the instances that exist, using the per-node permit
     * counts each instance last saw; an instance exists only where the semaphore was used, and a
     * client's counts may be stale. With one on every server node, a node holding a copy of the
     * semaphore's state survives any single death and returns the permits (without it, a holder
     * that died on a node where no one else used the semaphore kept its permits forever).
     */
    static final class Attach implements IgniteRunnable {
        @Serial
        private static final long serialVersionUID = 1L;
        private final String name;

        Attach(String name) {
            this.name = name;
        }

        @Override
        public void run() {
            IgniteSemaphore s = Ignition.localIgnite().semaphore(name, 0, true, false);
            if (s != null) {
                s.availablePermits(); // initializes the instance's view of the state
            }
        }
    }

    private IgniteSemaphore sem() {
        IgniteSemaphore s = sem;
        if (s == null) {
            s = ignite().semaphore(name, 0, true, false);
            if (s == null) {
                throw new IllegalStateException("semaphore " + name + " no longer exists in the cluster (its context was closed)");
            }
            sem = s;
        }
        return s;
    }

    @Override
    public boolean acquire(long deadline) throws InterruptedException {
        IgniteSemaphore s = sem();
        try {
            while (true) {
                if (s.tryAcquire()) {
                    return true;
                }
                long slice = slice(deadline);
                if (slice <= 0) {
                    return false;
                }
                if (s.tryAcquire(slice, TimeUnit.NANOSECONDS)) { // in slices: see Grid.WAIT_SLICE_NANOS
                    return true;
                }
            }
        } catch (IgniteInterruptedException e) {
            throw interrupted(e);
        }
    }

    @Override
    public boolean tryAcquire() {
        return sem().tryAcquire();
    }

    @Override
    public void release(int n) {
        if (bound >= 0) {
            int free = sem().availablePermits();
            if (free + n > bound) {
                throw new IllegalStateException("BoundedSemaphore " + name + " released too many times: it has "
                        + free + " of " + bound + " permits free");
            }
        }
        sem().release(n);
    }

    @Override
    public int availablePermits() {
        return sem().availablePermits();
    }

    @Override
    public boolean lastOwnerDied() {
        return false;
    }

    /** Nothing to release in this process: the semaphore lives in the cluster until its context removes it. */
    @Override
    public void close() {
    }

    void destroy() {
        IgniteSemaphore s = ignite().semaphore(name, 0, true, false);
        if (s != null) {
            s.close();
        }
    }
}
