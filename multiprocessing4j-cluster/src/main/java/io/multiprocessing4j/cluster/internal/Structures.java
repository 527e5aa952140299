package io.multiprocessing4j.cluster.internal;

import io.multiprocessing4j.queue.JoinableProcessQueue;
import io.multiprocessing4j.queue.ProcessQueue;
import io.multiprocessing4j.queue.SimpleProcessQueue;
import io.multiprocessing4j.shared.SharedDouble;
import io.multiprocessing4j.shared.SharedInt;
import io.multiprocessing4j.shared.SharedLong;
import io.multiprocessing4j.sync.ProcessBarrier;
import io.multiprocessing4j.function.SerializableRunnable;
import io.multiprocessing4j.sync.ProcessEvent;
import io.multiprocessing4j.sync.ProcessLock;
import io.multiprocessing4j.sync.ProcessRLock;
import io.multiprocessing4j.sync.ProcessSemaphore;
import org.apache.ignite.Ignite;

import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;

/**
 * The cluster context's factory of queues, locks, semaphores, events, barriers and shared values:
 * the core's own classes over Ignite backends ({@code ProcessLock.backedBy(..)} and the like), so
 * code written for the spawn context gets the same types.
 *
 * <p>Implementation notes. Every structure gets a unique name and lives in the cluster (with a
 * backup) until {@link #destroyAll()}, which the context calls when it closes after joining a
 * cluster that outlives it; an embedded cluster's structures go with its nodes. A handle's
 * {@code close()} ends nothing in the cluster, as closing a shared-memory handle leaves other
 * processes' use intact.
 */
public final class Structures {
    private final Ignite ignite;
    private final Queue<Grid> created = new ConcurrentLinkedQueue<>();

    public Structures(Ignite ignite) {
        this.ignite = ignite;
    }

    private <G extends Grid> G track(G g) {
        created.add(g);
        return g;
    }

    public ProcessLock lock() {
        return ProcessLock.backedBy(track(new ClusterLock(ignite)));
    }

    public ProcessRLock rlock() {
        return ProcessRLock.backedBy(track(new ClusterLock(ignite)));
    }

    public ProcessSemaphore semaphore(int permits, boolean bounded) {
        if (permits < 0) {
            throw new IllegalArgumentException("permits must be >= 0, got " + permits);
        }
        return ProcessSemaphore.backedBy(track(new ClusterSemaphore(ignite, permits, bounded ? permits : -1)));
    }

    public ProcessEvent event() {
        return ProcessEvent.backedBy(track(new ClusterEvent(ignite)));
    }

    public ProcessBarrier barrier(int parties, SerializableRunnable action) {
        if (parties < 1) {
            throw new IllegalArgumentException("parties must be >= 1, got " + parties);
        }
        return ProcessBarrier.backedBy(track(new ClusterBarrier(ignite, parties)), action);
    }

    public SharedInt sharedInt(int initial, boolean withLock) {
        return SharedInt.backedBy(track(new ClusterValue(ignite, initial)), withLock ? rlock() : null);
    }

    public SharedLong sharedLong(long initial, boolean withLock) {
        return SharedLong.backedBy(track(new ClusterValue(ignite, initial)), withLock ? rlock() : null);
    }

    public SharedDouble sharedDouble(double initial, boolean withLock) {
        return SharedDouble.backedBy(track(new ClusterValue(ignite, Double.doubleToRawLongBits(initial))),
                withLock ? rlock() : null);
    }

    private static int checkMaxsize(int maxsize) {
        if (maxsize < 0) {
            throw new IllegalArgumentException("maxsize must be >= 0 (0 means no limit), got " + maxsize);
        }
        return maxsize;
    }

    public <E> ProcessQueue<E> queue(int maxsize) {
        return ProcessQueue.backedBy(track(new ClusterQueue(ignite, checkMaxsize(maxsize), false)));
    }

    public <E> JoinableProcessQueue<E> joinableQueue(int maxsize) {
        return JoinableProcessQueue.backedBy(track(new ClusterQueue(ignite, checkMaxsize(maxsize), true)));
    }

    public <E> SimpleProcessQueue<E> simpleQueue() {
        return SimpleProcessQueue.backedBy(track(new ClusterQueue(ignite, 0, false)));
    }

    /** Removes every structure made here from the cluster; failures (a node gone) are ignored. */
    public void destroyAll() {
        for (Grid g; (g = created.poll()) != null; ) {
            try {
                g.destroy();
            } catch (RuntimeException ignored) {
                // best effort: the cluster may already be gone
            }
        }
    }
}
