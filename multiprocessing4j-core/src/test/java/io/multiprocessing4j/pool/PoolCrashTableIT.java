package io.multiprocessing4j.pool;

import io.multiprocessing4j.Multiprocessing;
import io.multiprocessing4j.process.WorkerCrashedException;
import io.multiprocessing4j.testing.NoLeftoverWorkers;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.stream.IntStream;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The crash table: a pool worker JVM dies in each way a JVM can die (the kinds) at each point of its
 * life as a worker (the stages), and in every cell the pool does not hang, only the item the worker
 * was running fails (with an exception naming the worker and the cause), every other item completes,
 * the pool goes on serving, and no worker JVM is left behind.
 *
 * <pre>
 *                    SIGKILL  System.exit  Runtime.halt  OOM     stack overflow  native crash (FFM)
 *   start-up         resent   resent       resent        resent  resent          resent
 *   status attach    resent   resent       resent        resent  resent          resent
 *   reading the task resent   resent       resent        resent  resent          resent
 *   running it       crash    crash        crash         error   error           crash
 *   sending results  resent   resent       resent        resent  resent          resent
 *   between tasks    resent   resent       resent        resent  resent          resent
 * </pre>
 *
 * <p>"crash": the item fails with a {@link WorkerCrashedException} naming the worker's pid and name
 * and how it died. "error": the error is thrown in the item, which fails with it, and the worker
 * lives on. "resent": no item was running, so nothing is lost: whatever the worker held (tasks read
 * but not run, results not yet sent, tasks on their way to it) runs again elsewhere and every item
 * succeeds. In every cell where the worker dies, observers hear of it with the cause. An error thrown
 * in the worker's own threads (start-up, reading, sending, between tasks) makes it exit rather than
 * linger deaf or idle: without that, OOM and stack overflow in those stages hung the pool.
 *
 * <p>The faults are injected by the worker runtime itself ({@code -Dmp4j.test.workerFaults}, see
 * {@code FaultInjection}): the test arms a stage by writing a file, and the first worker to reach that
 * stage dies there, once. One pool per kind walks through the stages.
 */
@ExtendWith(NoLeftoverWorkers.class)
@Timeout(value = 180, unit = TimeUnit.SECONDS)
class PoolCrashTableIT {
    private static final int ITEMS = 24;
    private static final long EVENT_WAIT_SECONDS = 60;

    enum Kind {
        SIGKILL("sigkill", "SIGKILL", true),
        SYSTEM_EXIT("exit:37", "exited with code 37", true),
        RUNTIME_HALT("halt:38", "exited with code 38", true),
        OUT_OF_MEMORY("oom", "OutOfMemoryError", false),
        STACK_OVERFLOW("stackoverflow", "StackOverflowError", false),
        NATIVE_CRASH("native", "JVM crash log", true);

        /** What the armed file holds. */
        final String fault;
        /** What the report of the death (or the item's error) must say. */
        final String cause;
        /** Whether it ends the JVM where it happens; the others are errors thrown on that thread. */
        final boolean endsTheJvm;

        Kind(String fault, String cause, boolean endsTheJvm) {
            this.fault = fault;
            this.cause = cause;
            this.endsTheJvm = endsTheJvm;
        }
    }

    enum Stage {
        STARTUP, ATTACH, READ, RUN, SEND, BETWEEN;

        String file() {
            return name().toLowerCase(Locale.ROOT);
        }
    }

    private static List<Integer> range(int n) {
        return IntStream.range(0, n).boxed().toList();
    }

    @ParameterizedTest(name = "{0} in every stage")
    @EnumSource(Kind.class)
    void aWorkerDyingAnywhereFailsOnlyTheItemItWasRunning(Kind kind, @TempDir Path faults) throws Exception {
        BlockingQueue<PoolActivity.WorkerExited> deaths = new LinkedBlockingQueue<>();
        Map<Long, String> names = new ConcurrentHashMap<>();
        List<Long> dead = new ArrayList<>();
        String tmp = System.getProperty("java.io.tmpdir");
        try (Pool p = Pool.builder().context(Multiprocessing.context("spawn")).workers(2)
                .jvmOptions("-Dmp4j.test.workerFaults=" + faults, "-Xmx64m",
                        // a native crash writes its log where the crash report looks, and no core file
                        "-XX:ErrorFile=" + tmp + "/hs_err_pid%p.log", "-XX:-CreateCoredumpOnCrash")
                .build()) {
            p.addObserver(a -> {
                if (a instanceof PoolActivity.WorkerStarted s) {
                    names.put(s.pid(), s.worker());
                } else if (a instanceof PoolActivity.WorkerExited e && e.crashed()) {
                    deaths.add(e);
                }
            });
            assertThat(p.map((Integer x) -> x, range(4))).containsExactly(0, 1, 2, 3);

            for (Stage stage : List.of(Stage.RUN, Stage.READ, Stage.SEND, Stage.BETWEEN)) {
                String cell = stage + " x " + kind;
                arm(faults, stage, kind);
                List<Outcome<Integer>> out = p.mapOutcomes((Integer x) -> x, range(ITEMS));
                boolean dies = kind.endsTheJvm || stage != Stage.RUN;
                PoolActivity.WorkerExited death = null;
                if (dies) {
                    death = deaths.poll(EVENT_WAIT_SECONDS, TimeUnit.SECONDS);
                    assertThat(death).as(cell + ": the pool reports the worker's death").isNotNull();
                    dead.add(death.pid());
                    assertThat(death.cause() + "\n" + String.join("\n", death.stderrTail()))
                            .as(cell + ": the report says how it died").contains(kind.cause);
                }
                assertThat(Files.exists(faults.resolve(stage.file()))).as(cell + ": the fault fired").isFalse();
                List<Integer> failed = IntStream.range(0, ITEMS).filter(i -> !out.get(i).isSuccess()).boxed().toList();
                for (int i = 0; i < ITEMS; i++) {
                    if (!failed.contains(i)) {
                        assertThat(out.get(i).value()).as(cell + ": item " + i).isEqualTo(i);
                    }
                }
                if (stage != Stage.RUN) {
                    assertThat(failed).as(cell + ": no item was running, so none fails").isEmpty();
                    continue;
                }
                assertThat(failed).as(cell + ": only the item that was running fails").hasSize(1);
                Throwable error = out.get(failed.getFirst()).error();
                if (kind.endsTheJvm) {
                    assertThat(error).as(cell).isInstanceOf(WorkerCrashedException.class);
                    WorkerCrashedException e = (WorkerCrashedException) error;
                    assertThat(e.pid()).as(cell + ": the dead worker is the one reported").isEqualTo(death.pid());
                    assertThat(e.getMessage()).as(cell).contains("worker pid " + e.pid(), names.get(e.pid()),
                            "item " + failed.getFirst(), kind.cause);
                } else {
                    assertThat(chain(error)).as(cell + ": the item fails with the error itself").contains(kind.cause);
                }
            }

            // start-up (and the status word's attach beside it): only a new worker starts up, so one is
            // killed from outside and its replacement dies as it becomes a pool worker; the one after
            // that serves
            Set<Long> victims = new HashSet<>();
            for (Stage stage : List.of(Stage.STARTUP, Stage.ATTACH)) {
                String cell = stage + " x " + kind;
                arm(faults, stage, kind);
                long victim = p.apply(() -> ProcessHandle.current().pid());
                victims.add(victim);
                ProcessHandle.of(victim).ifPresent(ProcessHandle::destroyForcibly);
                List<Outcome<Integer>> out = p.mapOutcomes((Integer x) -> x, range(ITEMS));
                PoolActivity.WorkerExited death;
                do {
                    death = deaths.poll(EVENT_WAIT_SECONDS, TimeUnit.SECONDS);
                    assertThat(death).as(cell + ": the pool reports the worker's death").isNotNull();
                } while (victims.contains(death.pid())); // a victim's own death may be reported late
                dead.add(death.pid());
                assertThat(death.cause() + "\n" + String.join("\n", death.stderrTail()))
                        .as(cell + ": the report says how it died").contains(kind.cause);
                assertThat(Files.exists(faults.resolve(stage.file()))).as(cell + ": the fault fired").isFalse();
                assertThat(out).as(cell + ": no item was running, so none fails").allMatch(Outcome::isSuccess);
            }

            assertThat(p.map((Integer x) -> x * 2, range(6))).as(kind + ": the pool still serves")
                    .containsExactly(0, 2, 4, 6, 8, 10);
        } finally {
            for (long pid : dead) {
                Files.deleteIfExists(Path.of(tmp, "hs_err_pid" + pid + ".log"));
            }
        }
    }

    private static void arm(Path faults, Stage stage, Kind kind) throws IOException {
        Path tmp = faults.resolve(stage.file() + ".tmp");
        Files.writeString(tmp, kind.fault);
        Files.move(tmp, faults.resolve(stage.file())); // whole, never half-written, when a worker reads it
    }

    /** The class names and messages of an error and its causes, remote ones included. */
    private static String chain(Throwable t) {
        StringBuilder sb = new StringBuilder();
        for (Throwable c = t; c != null; c = c.getCause()) {
            sb.append(c).append('\n');
        }
        return sb.toString();
    }
}
