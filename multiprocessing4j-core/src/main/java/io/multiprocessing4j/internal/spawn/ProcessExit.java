package io.multiprocessing4j.internal.spawn;

import java.util.concurrent.CompletableFuture;

/**
 * A future that completes when a process exits, without the common fork-join pool.
 *
 * <p>Implementation notes. {@link Process#onExit()} completes its future on the common pool, which
 * has a single thread on a 2-core machine: one user task blocked there (a {@code get()} on a
 * future, a latch) and no worker's exit would ever be noticed, so every {@code join()} would hang.
 * A virtual thread waiting in {@link Process#waitFor()} costs next to nothing and depends on
 * nobody.
 */
final class ProcessExit {
    private ProcessExit() {
    }

    /** One watcher per live process, however many parts of the runtime wait for its exit. */
    private static final java.util.concurrent.ConcurrentHashMap<Process, CompletableFuture<Process>> WATCHED =
            new java.util.concurrent.ConcurrentHashMap<>();

    static CompletableFuture<Process> of(Process process) {
        CompletableFuture<Process> known = WATCHED.get(process);
        if (known != null) {
            return known;
        }
        CompletableFuture<Process> fresh = new CompletableFuture<>();
        CompletableFuture<Process> raced = WATCHED.putIfAbsent(process, fresh);
        if (raced != null) {
            return raced;
        }
        fresh.whenComplete((p, e) -> WATCHED.remove(process));
        return watch(process, fresh);
    }

    private static CompletableFuture<Process> watch(Process process, CompletableFuture<Process> exited) {
        Thread.ofVirtual().name("mp4j-exit-" + process.pid()).start(() -> {
            while (true) {
                try {
                    process.waitFor();
                    exited.complete(process);
                    return;
                } catch (InterruptedException e) {
                    // nobody interrupts this thread on purpose: keep waiting
                }
            }
        });
        return exited;
    }
}
