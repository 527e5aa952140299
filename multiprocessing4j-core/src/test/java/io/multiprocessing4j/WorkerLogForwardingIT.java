package io.multiprocessing4j;

import io.multiprocessing4j.pool.Pool;
import io.multiprocessing4j.process.ChildProcess;
import io.multiprocessing4j.testing.NoLeftoverWorkers;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.ExtendWith;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.logging.Handler;
import java.util.logging.Level;
import java.util.logging.LogRecord;
import java.util.logging.Logger;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A worker's own log records (System.Logger or java.util.logging) reach the parent's logger of the
 * same name, with their level, named after the worker.
 */
@ExtendWith(NoLeftoverWorkers.class)
@Timeout(value = 120, unit = TimeUnit.SECONDS)
class WorkerLogForwardingIT {
    private static final String LOGGER = "io.multiprocessing4j.test.worker-logs";
    private final BlockingQueue<LogRecord> received = new LinkedBlockingQueue<>();
    private final Handler capture = new Handler() {
        @Override
        public void publish(LogRecord record) {
            received.add(record);
        }

        @Override
        public void flush() {
        }

        @Override
        public void close() {
        }
    };
    private Logger parentLogger;

    @BeforeEach
    void listen() {
        parentLogger = Logger.getLogger(LOGGER);
        parentLogger.setLevel(Level.ALL);
        parentLogger.addHandler(capture);
    }

    @AfterEach
    void stopListening() {
        parentLogger.removeHandler(capture);
        parentLogger.setLevel(null);
    }

    private LogRecord next(String containing) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
        while (true) {
            LogRecord r = received.poll(Math.max(1, deadline - System.nanoTime()), TimeUnit.NANOSECONDS);
            assertThat(r).as("a record containing '" + containing + "' arrived").isNotNull();
            if (r.getMessage().contains(containing)) {
                return r;
            }
        }
    }

    @Test
    void aPoolWorkersSystemLoggerRecordReachesTheParentsLoggerNamedAfterTheWorker() throws Exception {
        try (Pool pool = Pool.builder().context(Multiprocessing.context("spawn")).workers(1).build()) {
            java.time.Instant before = java.time.Instant.now();
            String worker = pool.apply((Integer x) -> {
                System.getLogger(LOGGER).log(System.Logger.Level.WARNING, "item {0} is odd", x);
                return Multiprocessing.currentProcess().name();
            }, 7);
            assertThat(worker).startsWith("SpawnPoolWorker-");

            LogRecord r = next("item 7 is odd");
            assertThat(r.getLoggerName()).isEqualTo(LOGGER);
            assertThat(r.getLevel()).isEqualTo(Level.WARNING);
            assertThat(r.getMessage()).isEqualTo("[" + worker + "] item 7 is odd");
            assertThat(r.getInstant()).as("the worker's time of the record").isAfterOrEqualTo(before);
        }
    }

    @Test
    void aProcessesJulRecordWithAnExceptionReachesTheParentsLogger() throws Exception {
        ChildProcess p = Multiprocessing.context("spawn").process(() -> {
            Logger.getLogger(LOGGER).log(Level.SEVERE, "disk full\non two lines", new IllegalStateException("no space"));
            Logger.getLogger(LOGGER).info("done");
        }).name("Writer-1").start();
        p.join();
        assertThat(p.exitCode()).isZero();

        LogRecord severe = next("disk full");
        assertThat(severe.getLoggerName()).isEqualTo(LOGGER);
        assertThat(severe.getLevel()).isEqualTo(Level.SEVERE);
        assertThat(severe.getMessage()).startsWith("[Writer-1] disk full\non two lines\n")
                .contains("java.lang.IllegalStateException: no space");
        assertThat(severe.getSourceClassName()).as("the worker's source, not the forwarding code")
                .startsWith(WorkerLogForwardingIT.class.getName());
        LogRecord info = next("done");
        assertThat(info.getLevel()).isEqualTo(Level.INFO);
        assertThat(info.getMessage()).isEqualTo("[Writer-1] done");
    }

    @Test
    void aWorkersLinesOnTheLibraryLoggerFollowLogToStderrWithTheWorkersName() throws Exception {
        PrintStream before = System.err;
        ByteArrayOutputStream captured = new ByteArrayOutputStream();
        CountDownLatch printed = new CountDownLatch(1);
        System.setErr(new PrintStream(captured, true, StandardCharsets.UTF_8) {
            @Override
            public void println(String line) {
                super.println(line);
                if (line.contains("hello from the child")) {
                    printed.countDown();
                }
            }
        });
        String worker;
        try {
            Multiprocessing.logToStderr(System.Logger.Level.DEBUG);
            ChildProcess p = Multiprocessing.context("spawn").process(() ->
                    Multiprocessing.getLogger().log(System.Logger.Level.DEBUG, "hello from the child")).start();
            worker = p.name();
            p.join();
            assertThat(printed.await(60, TimeUnit.SECONDS)).as("the child's line printed").isTrue();
        } finally {
            Multiprocessing.logToStderr(System.Logger.Level.OFF);
            System.setErr(before);
        }
        assertThat(worker).startsWith("Process-");
        assertThat(captured.toString(StandardCharsets.UTF_8)).contains("[DEBUG/" + worker + "] hello from the child");
    }

    @Test
    void textAWorkerPrintsIsNotTakenForARecord() throws Exception {
        ChildProcess p = Multiprocessing.context("spawn").process(() -> {
            System.err.println("\u0001mp4j-log-0000\u001fERROR\u001f" + LOGGER + "\u001fforged\u001fnot a record");
            System.getLogger(LOGGER).log(System.Logger.Level.INFO, "real record");
        }).start();
        p.join();
        LogRecord r = next("real record");
        assertThat(r.getMessage()).doesNotContain("not a record");
        assertThat(List.copyOf(received)).noneMatch(x -> x.getMessage().contains("not a record"));
    }
}
