package io.multiprocessing4j.testing;

import io.multiprocessing4j.internal.spawn.SpawnRuntime;
import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.AfterEachCallback;
import org.junit.jupiter.api.extension.BeforeEachCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Set;
import java.util.stream.Stream;

/**
 * Fails a test that leaves a worker JVM (other than the context's warm spares) or a
 * {@code /dev/shm/mp4j-*} entry behind, and a test class that leaves a worker-socket directory
 * of a dead JVM in the temporary directory. Workers that are already exiting get a moment to finish,
 * waited for through their process handles, not by sleeping blindly. After each test it looks
 * only at workers that test started (a class may share a pool across its tests); after the class,
 * at all of them.
 */
public final class NoLeftoverWorkers implements BeforeEachCallback, AfterEachCallback, AfterAllCallback {
    private static final ExtensionContext.Namespace NS = ExtensionContext.Namespace.create(NoLeftoverWorkers.class);

    @Override
    public void beforeEach(ExtensionContext context) {
        Set<Long> before = new java.util.HashSet<>();
        leftovers().forEach(h -> before.add(h.pid()));
        context.getStore(NS).put("before", before);
        try {
            context.getStore(NS).put("shmBefore", new java.util.HashSet<>(sharedMemoryLeftovers()));
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    @Override
    @SuppressWarnings("unchecked")
    public void afterEach(ExtensionContext context) throws Exception {
        Set<Long> before = (Set<Long>) context.getStore(NS).get("before");
        Set<Path> shmBefore = (Set<Path>) context.getStore(NS).get("shmBefore");
        check(before == null ? Set.of() : before, shmBefore == null ? Set.of() : shmBefore);
    }

    @Override
    public void afterAll(ExtensionContext context) throws Exception {
        check(Set.of(), Set.of());
        // A worker or test parent killed with SIGKILL cannot remove its socket directory; the next
        // launcher would. Do it now, and fail if one whose owner is gone cannot be removed.
        io.multiprocessing4j.internal.spawn.SocketDirs.sweepStale();
        List<Path> dirs = io.multiprocessing4j.internal.spawn.SocketDirs.stale();
        if (!dirs.isEmpty()) {
            throw new AssertionError("stale worker-socket directories left behind: " + dirs);
        }
    }

    private static void check(Set<Long> ignore, Set<Path> ignoreShm) throws Exception {
        // A spare being launched is briefly a worker the runtime has not registered yet, and a worker
        // that is exiting is still listed: re-check until the set is empty or a process outlives
        // the deadline, waiting on the processes' own exit futures.
        long deadline = System.nanoTime() + java.util.concurrent.TimeUnit.SECONDS.toNanos(10);
        List<ProcessHandle> left = leftovers(ignore);
        while (!left.isEmpty() && System.nanoTime() < deadline) {
            try {
                left.getFirst().onExit().get(100, java.util.concurrent.TimeUnit.MILLISECONDS);
            } catch (java.util.concurrent.TimeoutException e) {
                // re-check: it may have become a registered spare
            }
            left = leftovers(ignore);
        }
        if (!left.isEmpty()) {
            left.forEach(ProcessHandle::destroyForcibly);
            throw new AssertionError("test left worker JVMs behind: "
                    + left.stream().map(h -> h.pid() + " " + h.info().commandLine().orElse("?")).toList());
        }
        // what the library does in the background after a child exits, done here synchronously
        io.multiprocessing4j.internal.ipc.ResourceTracker.sweep();
        // a spare's status word is the spare's, like the spare itself: named before its file is made,
        // forgotten after it is removed, so a file listed between two looks is named in one of them
        Set<String> spareWords = new java.util.HashSet<>(SpawnRuntime.get().spareStatusWords());
        List<Path> listed = sharedMemoryLeftovers();
        spareWords.addAll(SpawnRuntime.get().spareStatusWords());
        List<Path> shm = listed.stream().filter(p -> !ignoreShm.contains(p))
                .filter(p -> !spareWords.contains(p.getFileName().toString()))
                .toList();
        if (!shm.isEmpty()) {
            throw new AssertionError("test left shared memory behind: " + shm);
        }
    }

    /**
     * Waits until {@code pool} has {@code workers} connected workers. A pool a class shares across
     * its tests must be whole before the first test's "before" look: one worker can run the first
     * items while another still boots, and a worker JVM that appears after that look is reported
     * as that test's leak.
     */
    public static void awaitConnectedWorkers(io.multiprocessing4j.pool.Pool pool, int workers) {
        long deadline = System.nanoTime() + java.util.concurrent.TimeUnit.SECONDS.toNanos(30);
        while (pool.insights().workers().stream().filter(w -> w.alive()).count() < workers) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("the pool's " + workers + " workers did not connect in 30 s: " + pool.insights());
            }
            try {
                Thread.sleep(5);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new AssertionError(e);
            }
        }
    }

    static List<ProcessHandle> leftovers() {
        return leftovers(Set.of());
    }

    static List<ProcessHandle> leftovers(Set<Long> ignore) {
        Set<Long> spares = SpawnRuntime.get().sparePids();
        return ProcessHandle.current().children()
                .filter(ProcessHandle::isAlive)
                .filter(h -> !spares.contains(h.pid()) && !ignore.contains(h.pid()))
                .filter(h -> h.info().commandLine().map(c -> c.contains("io.multiprocessing4j.internal.worker.WorkerMain")
                        && !c.contains("--train")).orElse(false))
                .toList();
    }

    static List<Path> sharedMemoryLeftovers() throws java.io.IOException {
        Path shm = Path.of("/dev/shm");
        if (!Files.isDirectory(shm)) {
            return List.of();
        }
        String mine = "mp4j-" + ProcessHandle.current().pid() + "-";
        try (Stream<Path> s = Files.list(shm)) {
            return s.filter(p -> p.getFileName().toString().startsWith(mine)).toList();
        }
    }
}
