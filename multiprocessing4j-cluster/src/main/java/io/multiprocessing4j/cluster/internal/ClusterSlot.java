package io.multiprocessing4j.cluster.internal;

import io.multiprocessing4j.internal.pool.RemoteChunkRunner;
import org.apache.ignite.Ignite;
import org.apache.ignite.IgniteCompute;
import org.apache.ignite.lang.IgniteFuture;

import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;

/**
 * One pool worker slot on the cluster: chunks become Ignite jobs on any server node, without
 * Ignite's result cache (each job request would otherwise carry all its siblings).
 */
final class ClusterSlot implements RemoteChunkRunner.Slot {
    private final long id;
    private final String name;
    private final IgniteCompute compute;
    private final RemoteChunkRunner.PoolSettings settings;
    private final Set<IgniteFuture<byte[]>> running = ConcurrentHashMap.newKeySet();

    ClusterSlot(long id, String name, Ignite ignite, RemoteChunkRunner.PoolSettings settings) {
        this.id = id;
        this.name = name;
        this.compute = ignite.compute(ignite.cluster().forServers()).withNoResultCache();
        this.settings = settings;
    }

    @Override
    public long pid() {
        return id;
    }

    @Override
    public CompletableFuture<byte[]> run(long chunkId, byte kind, byte[] function, byte[] items, int count, Object userObject) {
        ChunkJob job = new ChunkJob(settings.poolId(), name, settings.parentName(), settings.parentPid(), settings.initializer(), settings.initArgument(), kind, function,
                items, count, settings.taskTimeout(), settings.timeoutGrace());
        job.deployWith(userObject);
        CompletableFuture<byte[]> out = new CompletableFuture<>();
        try {
            IgniteFuture<byte[]> f = compute.callAsync(job);
            running.add(f);
            f.listen(done -> {
                running.remove(done);
                try {
                    out.complete(done.get());
                } catch (RuntimeException e) {
                    out.completeExceptionally(e);
                }
            });
        } catch (RuntimeException e) {
            out.completeExceptionally(e);
        }
        return out;
    }

    @Override
    public void cancel() {
        for (IgniteFuture<byte[]> f : running) {
            try {
                f.cancel();
            } catch (RuntimeException ignored) {
                // finished meanwhile
            }
        }
    }
}
