package io.multiprocessing4j;

import io.multiprocessing4j.pool.Pool;
import io.multiprocessing4j.pool.TaskTimeoutException;
import io.multiprocessing4j.process.WorkerCrashedException;
import io.multiprocessing4j.testing.NoLeftoverWorkers;
import jdk.jfr.consumer.RecordedEvent;
import jdk.jfr.consumer.RecordingStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.ExtendWith;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** Lifecycle logging ({@code logToStderr}) and the JFR events an operator sees. */
@ExtendWith(NoLeftoverWorkers.class)
@Timeout(value = 120, unit = TimeUnit.SECONDS)
class OperationsIT {
    private static final List<String> EVENTS = List.of("io.multiprocessing4j.WorkerStart", "io.multiprocessing4j.WorkerExit",
            "io.multiprocessing4j.WorkerCrash", "io.multiprocessing4j.TaskDeadline");

    @Test
    void aRecordingContainsWorkerStartExitCrashAndTaskDeadlineEvents() throws Exception {
        Map<String, List<RecordedEvent>> seen = new ConcurrentHashMap<>();
        Map<String, CountDownLatch> arrived = new ConcurrentHashMap<>();
        EVENTS.forEach(n -> arrived.put(n, new CountDownLatch(1)));
        // the halted worker's exit, which may be recorded after the other worker's
        CountDownLatch haltedExit = new CountDownLatch(1);
        try (RecordingStream rs = new RecordingStream()) {
            // the events are kept for the assertions below: the stream must not recycle their objects
            rs.setReuse(false);
            for (String name : EVENTS) {
                rs.enable(name);
                rs.onEvent(name, e -> {
                    seen.computeIfAbsent(name, k -> new CopyOnWriteArrayList<>()).add(e);
                    arrived.get(name).countDown();
                    if (name.equals("io.multiprocessing4j.WorkerExit") && e.getInt("exitCode") == 3) {
                        haltedExit.countDown();
                    }
                });
            }
            rs.startAsync();
            try (Pool pool = Pool.builder().context(Multiprocessing.context("spawn")).workers(1)
                    .taskTimeout(Duration.ofMillis(500)).build()) {
                assertThatThrownBy(() -> pool.apply((Integer x) -> {
                    Runtime.getRuntime().halt(3);
                    return x;
                }, 1)).isInstanceOf(WorkerCrashedException.class);
                assertThatThrownBy(() -> pool.apply((Integer x) -> {
                    new CountDownLatch(1).await(); // never returns: the pool's deadline ends it
                    return x;
                }, 2)).isInstanceOf(TaskTimeoutException.class);
            }
            for (String name : EVENTS) {
                assertThat(arrived.get(name).await(60, TimeUnit.SECONDS)).as(name + " recorded").isTrue();
            }
            assertThat(haltedExit.await(60, TimeUnit.SECONDS)).as("the halted worker's exit recorded").isTrue();
        }
        RecordedEvent start = seen.get("io.multiprocessing4j.WorkerStart").getFirst();
        assertThat(start.getString("name")).startsWith("SpawnPoolWorker-");
        assertThat(start.getString("role")).isEqualTo("pool worker");
        assertThat(start.getLong("pid")).isPositive();

        RecordedEvent crash = seen.get("io.multiprocessing4j.WorkerCrash").getFirst();
        assertThat(crash.getString("cause")).contains("exited with code 3").contains("SpawnPoolWorker-");
        assertThat(seen.get("io.multiprocessing4j.WorkerExit"))
                .anySatisfy(e -> assertThat(e.getInt("exitCode")).isEqualTo(3));

        RecordedEvent overdue = seen.get("io.multiprocessing4j.TaskDeadline").getFirst();
        assertThat(overdue.getString("name")).startsWith("SpawnPoolWorker-");
        assertThat(overdue.getDuration("timeout")).isEqualTo(Duration.ofMillis(500));
    }

    @Test
    void logToStderrPrintsLifecycleLinesWithPythonLikeNames() {
        PrintStream before = System.err;
        ByteArrayOutputStream captured = new ByteArrayOutputStream();
        System.setErr(new PrintStream(captured, true, StandardCharsets.UTF_8));
        try {
            Multiprocessing.logToStderr(System.Logger.Level.DEBUG);
            try (Pool pool = Pool.builder().context(Multiprocessing.context("spawn")).workers(1).maxTasksPerChild(1).build()) {
                assertThat(pool.map((Integer x) -> x + 1, List.of(1, 2))).containsExactly(2, 3);
                assertThatThrownBy(() -> pool.apply((Integer x) -> {
                    throw new IllegalStateException("bad item " + x);
                }, 7)).isInstanceOf(IllegalStateException.class);
            }
        } finally {
            Multiprocessing.logToStderr(System.Logger.Level.OFF);
            System.setErr(before);
        }
        String log = captured.toString(StandardCharsets.UTF_8);
        assertThat(log).containsPattern("\\[DEBUG/MainProcess\\] (worker started: SpawnPoolWorker-\\d+ \\(pid \\d+, pool worker\\) in \\d+ ms"
                + "|spare worker pid \\d+ handed off as SpawnPoolWorker-\\d+ \\(pool worker\\))");
        assertThat(log).containsPattern("worker recycled: SpawnPoolWorker-\\d+ \\(pid \\d+\\): maxTasksPerChild 1 reached");
        assertThat(log).containsPattern("task failed in SpawnPoolWorker-\\d+ \\(pid \\d+\\): .*bad item 7");
        assertThat(log).contains("[DEBUG/MainProcess] pool closed: SpawnPoolWorker x1");
    }
}
