package io.multiprocessing4j.internal.spawn;

import io.multiprocessing4j.Multiprocessing;
import io.multiprocessing4j.MpContext;
import io.multiprocessing4j.process.ChildProcess;
import io.multiprocessing4j.shared.SharedLongArray;
import io.multiprocessing4j.sync.ProcessEvent;
import io.multiprocessing4j.testing.NoLeftoverWorkers;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.ExtendWith;

import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/** The spawn context's warm spares: on by default, stopped when idle, never outliving their parent. */
@ExtendWith(NoLeftoverWorkers.class)
@Timeout(value = 120, unit = TimeUnit.SECONDS)
class SpareWorkersIT {
    private final MpContext ctx = Multiprocessing.context("spawn");

    @AfterEach
    void restoreDefaults() {
        System.clearProperty("mp4j.spareIdleSeconds");
        ctx.spareWorkers(Math.min(2, Runtime.getRuntime().availableProcessors()));
    }

    @Test
    void sparesDefaultToTwoOnThisMachineOrOnePerCore() {
        assertThat(SpawnRuntime.get().spareTarget()).isEqualTo(Math.min(2, Runtime.getRuntime().availableProcessors()));
    }

    @Test
    void aContextWithNoFurtherUseStopsItsSparesAfterTheIdleTimeout() throws Exception {
        System.setProperty("mp4j.spareIdleSeconds", "1");
        ctx.spareWorkers(2);
        ctx.awaitSpares();
        Set<Long> pids = SpawnRuntime.get().sparePids();
        assertThat(pids).hasSize(2);
        for (long pid : pids) {
            Optional<ProcessHandle> h = ProcessHandle.of(pid);
            if (h.isPresent()) {
                h.get().onExit().get(60, TimeUnit.SECONDS);
            }
        }
        assertThat(SpawnRuntime.get().sparePids()).isEmpty();
    }

    @Test
    void aSpareHandsOverAChildAndIsReplaced() throws Exception {
        ctx.spareWorkers(1);
        ctx.awaitSpares();
        long sparePid = SpawnRuntime.get().sparePids().iterator().next();
        ChildProcess p = ctx.process(() -> { }).start();
        assertThat(p.pid()).isEqualTo(sparePid);
        p.join();
        assertThat(p.exitCode()).isZero();
        assertThat(p.startupTimeline()).hasValueSatisfying(t -> assertThat(t.spare()).isTrue());
        ctx.awaitSpares();
        assertThat(SpawnRuntime.get().sparePids()).hasSize(1).doesNotContain(sparePid);
    }

    @Test
    void sparesStartedAfterATargetRanRunItAgainWithEachStartsOwnCapturedValue() throws Exception {
        // from the second start on, the spares have the target's method ready (PRELOAD_TARGETS)
        ctx.spareWorkers(2);
        for (int n = 3; n < 8; n++) {
            ctx.awaitSpares();
            Set<Long> spares = SpawnRuntime.get().sparePids();
            int status = n;
            ChildProcess p = ctx.process(() -> System.exit(status)).start();
            p.join();
            assertThat(p.exitCode()).isEqualTo(n);
            assertThat(spares).contains(p.pid());
        }
    }

    @Test
    void aSpareKilledWhileWaitingIsReplacedAndItsReaderEnds() throws Exception {
        ctx.spareWorkers(1);
        ctx.awaitSpares();
        long sparePid = SpawnRuntime.get().sparePids().iterator().next();
        Thread reader = Thread.getAllStackTraces().keySet().stream()
                .filter(t -> t.getName().equals("mp4j-spare-reader-" + sparePid)).findFirst().orElseThrow();
        ProcessHandle spare = ProcessHandle.of(sparePid).orElseThrow();
        spare.destroyForcibly();
        spare.onExit().get(30, TimeUnit.SECONDS);
        reader.join(30_000);
        assertThat(reader.isAlive()).as("the dead spare's reader thread").isFalse();
        ChildProcess p = ctx.process(() -> { }).start();
        p.join();
        assertThat(p.exitCode()).isZero();
        assertThat(p.pid()).isNotEqualTo(sparePid);
    }

    @Test
    void aPoolOfSparesReportsNoStartupTimeForItsWorkers() throws Exception {
        ctx.spareWorkers(2);
        ctx.awaitSpares();
        Set<Long> spares = SpawnRuntime.get().sparePids();
        try (io.multiprocessing4j.pool.Pool pool = ctx.pool(2)) {
            pool.map((Integer x) -> x, List.of(1, 2, 3, 4), 1);
            var workers = pool.insights().workers();
            assertThat(workers).extracting(w -> w.pid()).containsExactlyInAnyOrderElementsOf(spares);
            assertThat(workers).allSatisfy(w -> assertThat(w.startup()).isZero());
        }
    }

    @Test
    void aSparesStatusWordServesThePoolThatTakesItAndBlamesTheItemThatKilledIt() throws Exception {
        sparesOfAProgramThatUsesPools(1);
        Set<String> words = SpawnRuntime.get().spareStatusWords();
        assertThat(words).hasSize(1);
        String word = words.iterator().next();
        assertThat(java.nio.file.Files.exists(io.multiprocessing4j.internal.ipc.ShmFile.DIR.resolve(word))).isTrue();
        try (io.multiprocessing4j.pool.Pool pool = ctx.pool(1)) {
            // the worker writes each item into the word it mapped as a spare; the pool reads the same
            // word to find the item that was running when the worker died
            // (eight items in one chunk: only the status word tells which of them was running)
            org.assertj.core.api.Assertions.assertThatThrownBy(() -> pool.map((Integer x) -> {
                if (x == 5) {
                    Runtime.getRuntime().halt(9);
                }
                return x;
            }, List.of(0, 1, 2, 3, 4, 5, 6, 7), 8))
                    .isInstanceOf(io.multiprocessing4j.process.WorkerCrashedException.class)
                    .hasMessageContaining("item 5");
        }
        assertThat(java.nio.file.Files.exists(io.multiprocessing4j.internal.ipc.ShmFile.DIR.resolve(word)))
                .as("the pool removed the word when its worker was gone").isFalse();
    }

    @Test
    void aSpareThatBecomesAChildProcessLetsItsStatusWordGoWhenItEnds() throws Exception {
        sparesOfAProgramThatUsesPools(1);
        String word = SpawnRuntime.get().spareStatusWords().iterator().next();
        ChildProcess p = ctx.process(() -> { }).start();
        p.join();
        assertThat(p.exitCode()).isZero();
        assertThat(java.nio.file.Files.exists(io.multiprocessing4j.internal.ipc.ShmFile.DIR.resolve(word)))
                .as("released by the time join() returned").isFalse();
    }

    @Test
    void sparesOfAProgramThatNeverUsedAPoolHoldNoStatusWord() throws Exception {
        org.junit.jupiter.api.Assumptions.assumeFalse(poolsUsedInThisJvm(), "another test used a pool first");
        ctx.spareWorkers(2);
        ctx.awaitSpares();
        assertThat(SpawnRuntime.get().spareStatusWords()).isEmpty();
    }

    private static boolean poolsUsedInThisJvm() throws Exception {
        var f = SpawnRuntime.class.getDeclaredField("poolsSeen");
        f.setAccessible(true);
        return f.getBoolean(SpawnRuntime.get());
    }

    /** Spares started after this program used a pool, so each holds a status word. */
    private void sparesOfAProgramThatUsesPools(int n) throws Exception {
        try (io.multiprocessing4j.pool.Pool pool = ctx.pool(1)) {
            pool.apply((Integer x) -> x, 1);
        }
        ctx.spareWorkers(0);
        ctx.spareWorkers(n);
        ctx.awaitSpares();
        assertThat(SpawnRuntime.get().spareStatusWords()).hasSize(n);
    }

    /** Runs in the middle JVM: keeps two spares, reports their pids, and waits to be killed. */
    static void middle(List<Object> handles) throws Exception {
        SharedLongArray pids = (SharedLongArray) handles.get(0);
        ProcessEvent ready = (ProcessEvent) handles.get(1);
        MpContext spawn = Multiprocessing.context("spawn");
        spawn.spareWorkers(2);
        spawn.awaitSpares();
        int i = 0;
        for (long pid : SpawnRuntime.get().sparePids()) {
            pids.set(i++, pid);
        }
        ready.set();
        Thread.sleep(120_000);
    }

    @Test
    void noSpareOutlivesItsParent() throws Exception {
        try (SharedLongArray pids = ctx.sharedLongArray(2); ProcessEvent ready = ctx.event()) {
            ChildProcess parent = ctx.process(SpareWorkersIT::middle, List.<Object>of(pids, ready)).start();
            assertThat(ready.await(60, TimeUnit.SECONDS)).isTrue();
            parent.kill();
            parent.join();
            for (int i = 0; i < 2; i++) {
                assertThat(pids.get(i)).isPositive();
                Optional<ProcessHandle> spare = ProcessHandle.of(pids.get(i));
                if (spare.isPresent()) {
                    spare.get().onExit().get(30, TimeUnit.SECONDS);
                }
            }
        }
    }
}
