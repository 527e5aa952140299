package io.multiprocessing4j.internal.spawn;

import java.util.concurrent.CompletableFuture;

/**
 * A worker JVM that has been started and may still be booting: its process exists (so it has a pid
 * and can be killed), and {@code connected} completes once it has authenticated, or fails with
 * the reason it never did ({@link io.multiprocessing4j.process.WorkerCrashedException} quoting its
 * stderr, or a time-out).
 *
 * @param process   the worker's process
 * @param connected its connection, once it has one
 */
public record PendingWorker(Process process, CompletableFuture<WorkerConnection> connected) {

    /** Waits for the connection, rethrowing why it never came. */
    public WorkerConnection await() {
        return WorkerLauncher.await(this);
    }
}
