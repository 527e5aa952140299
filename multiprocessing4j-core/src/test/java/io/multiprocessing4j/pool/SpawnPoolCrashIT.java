package io.multiprocessing4j.pool;

import io.multiprocessing4j.Multiprocessing;
import io.multiprocessing4j.process.WorkerCrashedException;
import io.multiprocessing4j.testing.NoLeftoverWorkers;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.IntStream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * Crash injection: a pool worker JVM dies in each way a worker can, during a task, between tasks
 * and during start-up; only what it held fails, and the pool keeps serving.
 */
@ExtendWith(NoLeftoverWorkers.class)
@Timeout(value = 120, unit = TimeUnit.SECONDS)
class SpawnPoolCrashIT {

    static Pool pool(int workers) {
        return Pool.builder().context(Multiprocessing.context("spawn")).workers(workers).build();
    }

    static List<Integer> range(int n) {
        return IntStream.range(0, n).boxed().toList();
    }

    static void sigkillSelf() throws Exception {
        new ProcessBuilder("kill", "-9", Long.toString(ProcessHandle.current().pid())).start().waitFor();
        Thread.sleep(60_000); // the signal arrives first
    }

    private static void assertOnlyItemFailed(List<Outcome<Integer>> out, int bad, int exitCode) {
        assertThat(out.get(bad).error()).isInstanceOf(WorkerCrashedException.class);
        WorkerCrashedException e = (WorkerCrashedException) out.get(bad).error();
        assertThat(e.exitCode()).isEqualTo(exitCode);
        assertThat(e.getMessage()).contains("item " + bad).contains("pid " + e.pid());
        for (int i = 0; i < out.size(); i++) {
            if (i != bad) {
                assertThat(out.get(i).value()).isEqualTo(i);
            }
        }
    }

    @Test
    void aWorkerThatDiesAfterCloseIsReplacedAndTheWorkQueuedBeforeCloseFinishes() throws Exception {
        Pool pool = pool(1);
        // the first call kills the pool's first worker at item 5 (the rest of its chunk is then
        // part of a failed call); the second call needs a worker after that, while the pool closes
        AsyncResult<List<Integer>> killer = pool.mapAsync((Integer x) -> {
            if (x == 5 && Multiprocessing.currentProcess().name().endsWith("-1")) {
                Runtime.getRuntime().halt(9);
            }
            return x;
        }, range(8), 8, null, null);
        AsyncResult<List<Integer>> after = pool.mapAsync((Integer x) -> x * 2, range(4), 1, null, null);
        pool.close();
        assertThatThrownBy(killer::get).hasCauseInstanceOf(WorkerCrashedException.class);
        assertThat(after.get(java.time.Duration.ofSeconds(60))).containsExactly(0, 2, 4, 6);
        pool.join(); // returns: nothing is left for the closed pool to wait for
    }

    @Test
    void sharedMemoryOfAWorkerKilledWhileUsingItGoesWithinSecondsWithoutAnyoneAskingForASweep() throws Exception {
        try (Pool p = pool(1)) {
            // the worker creates a block and keeps it (its only user), then dies without exit hooks
            String name = p.apply(x -> io.multiprocessing4j.shared.SharedMemory.create(64).name(), 0);
            Path file = io.multiprocessing4j.internal.ipc.ShmFile.DIR.resolve(name);
            assertThat(file).exists();
            assertThatThrownBy(() -> p.apply(x -> {
                Runtime.getRuntime().halt(9);
                return x;
            }, 0)).isInstanceOf(WorkerCrashedException.class);
            // no exit hook ran in the dead worker: the sweeps of the processes still alive (the
            // pool's when it sees a worker end, a new worker's first use of shared memory) remove it
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
            while (Files.exists(file) && System.nanoTime() < deadline) {
                Thread.sleep(20); // a background sweep's removal: there is no event to wait for
            }
            assertThat(file).as("removed within 10 s of its only user's death").doesNotExist();
        }
    }

    @Test
    void sigkillDuringATaskFailsOnlyThatItem() {
        try (Pool p = pool(2)) {
            List<Outcome<Integer>> out = p.mapOutcomes((Integer x) -> {
                if (x == 5) {
                    sigkillSelf();
                }
                return x;
            }, range(40));
            assertOnlyItemFailed(out, 5, -9);
            assertThat(p.apply((Integer x) -> x + 1, 1)).isEqualTo(2);
        }
    }

    @Test
    void systemExitDuringATaskFailsOnlyThatItem() {
        try (Pool p = pool(2)) {
            assertOnlyItemFailed(p.mapOutcomes((Integer x) -> {
                if (x == 7) {
                    System.exit(3);
                }
                return x;
            }, range(30)), 7, 3);
        }
    }

    @Test
    void runtimeHaltDuringATaskFailsOnlyThatItem() {
        try (Pool p = pool(1)) {
            assertOnlyItemFailed(p.mapOutcomes((Integer x) -> {
                if (x == 2) {
                    Runtime.getRuntime().halt(9);
                }
                return x;
            }, range(10)), 2, 9);
        }
    }

    @Test
    void outOfMemoryIsReportedWithAHint() {
        try (Pool p = Pool.builder().context(Multiprocessing.context("spawn")).workers(1)
                .jvmOptions("-Xmx48m", "-XX:+ExitOnOutOfMemoryError").build()) {
            List<Outcome<Integer>> out = p.mapOutcomes((Integer x) -> {
                if (x == 1) {
                    List<long[]> hog = new ArrayList<>();
                    while (true) {
                        hog.add(new long[1 << 20]);
                    }
                }
                return x;
            }, range(4));
            assertThat(out.get(1).error()).isInstanceOf(WorkerCrashedException.class)
                    .hasMessageContaining("OutOfMemoryError");
            assertThat(out.get(3).value()).isEqualTo(3);
        }
    }

    @Test
    void workerKilledBetweenTasksIsReplaced() throws Exception {
        try (Pool p = pool(1)) {
            long pid = p.apply(() -> ProcessHandle.current().pid());
            ProcessHandle h = ProcessHandle.of(pid).orElseThrow();
            h.destroyForcibly();
            h.onExit().get(30, TimeUnit.SECONDS);
            long next = p.apply(() -> ProcessHandle.current().pid());
            assertThat(next).isNotEqualTo(pid);
            assertThat(p.map((Integer x) -> x * 2, range(5))).containsExactly(0, 2, 4, 6, 8);
        }
    }

    @Test
    void retryPolicyRunsACrashedItemAgain(@TempDir Path dir) {
        Path marker = dir.resolve("crashed-once");
        String m = marker.toString();
        try (Pool p = Pool.builder().context(Multiprocessing.context("spawn")).workers(1)
                .retryPolicy(RetryPolicy.retries(1)).build()) {
            List<Integer> out = p.map((Integer x) -> {
                if (x == 3 && !Files.exists(Path.of(m))) {
                    Files.createFile(Path.of(m));
                    Runtime.getRuntime().halt(1);
                }
                return x;
            }, range(6));
            assertThat(out).containsExactly(0, 1, 2, 3, 4, 5);
        }
    }

    @Test
    void anItemThatKeepsKillingWorkersIsQuarantined() {
        try (Pool p = Pool.builder().context(Multiprocessing.context("spawn")).workers(1)
                .retryPolicy(RetryPolicy.retries(1)).build()) {
            assertThatThrownBy(() -> p.apply((Integer x) -> {
                Runtime.getRuntime().halt(4);
                return x;
            }, 1)).isInstanceOf(WorkerCrashedException.class).hasMessageContaining("quarantined after killing 2 workers");
            assertThat(p.apply((Integer x) -> x, 8)).isEqualTo(8);
        }
    }

    @Test
    void initializerThatKillsItsWorkerFailsThePoolInsteadOfLooping() {
        try (Pool p = Pool.builder().context(Multiprocessing.context("spawn")).workers(1)
                .initializer(() -> Runtime.getRuntime().halt(6)).build()) {
            assertThatThrownBy(() -> p.apply((Integer x) -> x, 1))
                    .isInstanceOf(IllegalStateException.class)
                    .hasMessageContaining("during start-up");
        }
    }

    @Test
    void everyHundredthTaskHaltingLosesNothingElse() {
        try (Pool p = pool(2)) {
            List<Outcome<Integer>> out = p.mapOutcomes((Integer x) -> {
                if (x % 100 == 99) {
                    Runtime.getRuntime().halt(1);
                }
                return x;
            }, range(300));
            long failed = out.stream().filter(o -> !o.isSuccess()).count();
            assertThat(failed).isEqualTo(3);
            for (int i = 0; i < 300; i++) {
                if (i % 100 != 99) {
                    assertThat(out.get(i).value()).isEqualTo(i);
                }
            }
        }
    }

    @Test
    void nonSerializableArgumentFailsInTheCallerNamingTheItem() {
        try (Pool p = pool(1)) {
            assertThatThrownBy(() -> p.map((Object o) -> o, List.of(1, new Object())))
                    .isInstanceOf(io.multiprocessing4j.spi.SerializationException.class)
                    .hasMessageContaining("map item 1")
                    .hasMessageContaining("java.lang.Object is not Serializable");
        }
    }

    @Test
    void aPoolThatIsNotClosedDoesNotKeepTheJvmFromKillingItsWorkers() throws Exception {
        Pool p = pool(1);
        long pid = p.apply(() -> ProcessHandle.current().pid());
        p.terminate();
        ProcessHandle.of(pid).ifPresent(h -> h.onExit().join());
        assertThat(ProcessHandle.of(pid).map(ProcessHandle::isAlive).orElse(false)).isFalse();
    }
}
