package io.multiprocessing4j.cluster.internal;

import io.multiprocessing4j.internal.pool.RemoteChunkRunner;
import org.apache.ignite.Ignite;

import java.util.concurrent.atomic.AtomicLong;

/** Opens pool slots on a cluster: each slot is a window of chunk jobs on any server node. */
public final class ClusterRunner {
    private static final AtomicLong SLOTS = new AtomicLong();

    private final Ignite ignite;

    public ClusterRunner(Ignite ignite) {
        this.ignite = ignite;
    }

    public String poolWorkerPrefix() {
        return "ClusterPoolWorker";
    }

    public RemoteChunkRunner.Slot openSlot(String name, RemoteChunkRunner.PoolSettings settings) {
        if (ignite.cluster().forServers().nodes().isEmpty()) {
            throw new IllegalStateException("cannot start pool worker " + name + ": the cluster has no server node");
        }
        return new ClusterSlot(SLOTS.incrementAndGet(), name, ignite, settings);
    }
}
