package io.multiprocessing4j.internal.pool;

import java.util.List;
import java.util.concurrent.CompletableFuture;

/** What the manager thread reacts to; everything that changes pool state arrives as one of these. */
sealed interface PoolEvent {
    record Submitted(Job job) implements PoolEvent {
    }

    record InputAvailable(Job job) implements PoolEvent {
    }

    record WorkerReady(WorkerHandle worker) implements PoolEvent {
    }

    record WorkerStartFailed(String name, RuntimeException error) implements PoolEvent {
    }

    record Results(WorkerHandle worker, List<ChunkResult> results) implements PoolEvent {
    }

    record WorkerExited(WorkerHandle worker, int exitCode) implements PoolEvent {
    }

    record InitializerFailed(WorkerHandle worker, Throwable error) implements PoolEvent {
    }

    record CancelJob(Job job, boolean interruptRunning) implements PoolEvent {
    }

    record CancelJobByResult(AsyncResultImpl<?> result, boolean interruptRunning) implements PoolEvent {
    }

    record Close() implements PoolEvent {
    }

    record Terminate() implements PoolEvent {
    }

    record Observe(io.multiprocessing4j.pool.PoolObserver observer) implements PoolEvent {
    }

    record InsightsRequest(CompletableFuture<io.multiprocessing4j.pool.PoolInsights> reply) implements PoolEvent {
    }
}
