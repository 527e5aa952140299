package io.multiprocessing4j.cluster.internal;

import io.multiprocessing4j.spi.LockBackend;
import org.apache.ignite.Ignite;
import org.apache.ignite.IgniteCache;
import org.apache.ignite.IgniteInterruptedException;
import org.apache.ignite.IgniteLock;
import org.apache.ignite.Ignition;
import org.apache.ignite.lang.IgniteRunnable;

import java.io.Serial;
import java.util.UUID;
import java.util.concurrent.TimeUnit;

/**
 * The cluster context's {@code ProcessLock} / {@code ProcessRLock}: an {@link IgniteLock} created
 * with {@code failoverSafe}, so Ignite releases it when its holder's node dies.
 *
 * <p>Implementation notes. Ignite does not say that a failover-safe lock was taken over from a
 * dead node, so the holder records itself ({@code nodeId|pid}) in the metadata cache after its
 * first hold and removes the record just before its last release. A new holder that finds a record
 * whose node has left the topology took the lock over from a dead holder: it stores that verdict
 * under {@code name#died}, which {@link #lastOwnerDied()} reads, in every process. A holder that
 * dies between acquiring and writing its record is not detected (a window of one cache put). The
 * throw-on-death choice is stored under {@code name#throw}. Waits run in slices of
 * {@link Grid#WAIT_SLICE_NANOS} (see there).
 */
public final class ClusterLock extends Grid implements LockBackend {
    @Serial
    private static final long serialVersionUID = 1L;
    private transient volatile IgniteLock lock;

    public ClusterLock(Ignite ignite) {
        super(ignite, "lock");
        lock = ignite.reentrantLock(name, true, false, true);
        attachOnServers(ignite, new Attach(name));
    }

    /** Creates the lock's local instance on a server node, for the reason given in {@link ClusterSemaphore.Attach}. */
    static final class Attach implements IgniteRunnable {
        @Serial
        private static final long serialVersionUID = 1L;
        private final String name;

        Attach(String name) {
            this.name = name;
        }

        @Override
        public void run() {
            IgniteLock l = Ignition.localIgnite().reentrantLock(name, true, false, false);
            if (l != null) {
                l.isLocked(); // initializes the instance's view of the state
            }
        }
    }

    private IgniteLock lock() {
        IgniteLock l = lock;
        if (l == null) {
            l = ignite().reentrantLock(name, true, false, true);
            if (l == null) {
                throw new IllegalStateException("lock " + name + " no longer exists in the cluster (its context was closed)");
            }
            lock = l;
        }
        return l;
    }

    @Override
    public boolean acquire(long deadline, boolean interruptible) throws InterruptedException {
        IgniteLock l = lock();
        boolean interruptedMeanwhile = false;
        try {
            while (true) {
                if (l.tryLock()) {
                    break;
                }
                long slice = slice(deadline);
                if (slice <= 0) {
                    return false;
                }
                try {
                    if (l.tryLock(slice, TimeUnit.NANOSECONDS)) { // in slices: see Grid.WAIT_SLICE_NANOS
                        break;
                    }
                } catch (IgniteInterruptedException e) {
                    if (interruptible) {
                        throw interrupted(e);
                    }
                    Thread.interrupted();
                    interruptedMeanwhile = true; // lock() waits on, and keeps the interrupt for later
                }
            }
        } finally {
            if (interruptedMeanwhile) {
                Thread.currentThread().interrupt();
            }
        }
        recordHolder();
        return true;
    }

    @Override
    public boolean tryAcquire() {
        if (!lock().tryLock()) {
            return false;
        }
        recordHolder();
        return true;
    }

    private void recordHolder() {
        if (lock().getHoldCount() != 1) {
            return; // a re-entrant hold: the record is already this thread's
        }
        try {
            IgniteCache<String, String> meta = meta();
            Ignite ig = ignite();
            String me = ig.cluster().localNode().id() + "|" + ProcessHandle.current().pid();
            String previous = meta.getAndPut(name + "#owner", me);
            String died = "";
            if (previous != null) {
                String[] p = previous.split("\\|");
                if (ig.cluster().node(UUID.fromString(p[0])) == null) {
                    died = p[1];
                }
            }
            meta.put(name + "#died", died);
        } catch (RuntimeException e) {
            lock().unlock(); // do not keep a hold the caller is not told about
            throw e;
        }
    }

    @Override
    public void release() {
        IgniteLock l = lock();
        if (!l.isHeldByCurrentThread()) {
            throw new IllegalMonitorStateException("ProcessLock[" + name + "] is not held by the calling thread");
        }
        if (l.getHoldCount() == 1) {
            meta().remove(name + "#owner");
        }
        l.unlock();
    }

    @Override
    public boolean isLocked() {
        return lock().isLocked();
    }

    @Override
    public boolean isHeldByCurrentThread() {
        return lock().isHeldByCurrentThread();
    }

    @Override
    public int holdCount() {
        return lock().getHoldCount();
    }

    @Override
    public boolean lastOwnerDied() {
        String d = meta().get(name + "#died");
        return d != null && !d.isEmpty();
    }

    @Override
    public long deadOwnerPid() {
        String d = meta().get(name + "#died");
        return d == null || d.isEmpty() ? -1 : Long.parseLong(d);
    }

    @Override
    public void throwOnOwnerDeath(boolean yes) {
        meta().put(name + "#throw", Boolean.toString(yes));
    }

    @Override
    public boolean throwsOnOwnerDeath() {
        return Boolean.parseBoolean(meta().get(name + "#throw"));
    }

    /** Nothing to release in this process: the lock lives in the cluster until its context removes it. */
    @Override
    public void close() {
    }

    /** Removes the lock and its records from the cluster (the creating context's close). */
    void destroy() {
        IgniteLock l = ignite().reentrantLock(name, true, false, false);
        if (l != null) {
            l.close();
        }
        meta().removeAll(java.util.Set.of(name + "#owner", name + "#died", name + "#throw"));
    }
}
