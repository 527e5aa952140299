package io.multiprocessing4j;

import io.multiprocessing4j.pool.Pool;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.lang.System.Logger.Level;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.logging.Handler;
import java.util.logging.LogRecord;
import java.util.logging.Logger;

import static org.assertj.core.api.Assertions.assertThat;

/** {@code Multiprocessing.getLogger()} is Python's {@code get_logger()}: it follows {@code logToStderr}. */
class LibraryLoggerTest {
    private final ByteArrayOutputStream captured = new ByteArrayOutputStream();
    private PrintStream before;

    @BeforeEach
    void captureStderr() {
        before = System.err;
        System.setErr(new PrintStream(captured, true, StandardCharsets.UTF_8));
    }

    @AfterEach
    void restore() {
        Multiprocessing.logToStderr(Level.OFF);
        System.setErr(before);
    }

    private String stderr() {
        return captured.toString(StandardCharsets.UTF_8);
    }

    @Test
    void underLogToStderrTheProgramsLinesPrintWithTheProcessNameAndLevel() {
        Multiprocessing.logToStderr(Level.INFO);
        System.Logger log = Multiprocessing.getLogger();
        assertThat(log.getName()).isEqualTo("io.multiprocessing4j");
        assertThat(log.isLoggable(Level.INFO)).isTrue();
        assertThat(log.isLoggable(Level.DEBUG)).isFalse();
        log.log(Level.INFO, "loaded {0} rows", 12);
        log.log(Level.DEBUG, "not shown");
        log.log(Level.ERROR, "failed", new IllegalStateException("boom"));
        assertThat(stderr()).contains("[INFO/MainProcess] loaded 12 rows", "[ERROR/MainProcess] failed",
                "java.lang.IllegalStateException: boom").doesNotContain("not shown");
    }

    @Test
    void aThreadContextWorkersLinesCarryTheWorkersName() throws Exception {
        Multiprocessing.logToStderr(Level.DEBUG);
        try (Pool pool = Multiprocessing.context("thread").pool(1)) {
            String worker = pool.apply((Integer x) -> {
                Multiprocessing.getLogger().log(Level.DEBUG, "item " + x);
                return Multiprocessing.currentProcess().name();
            }, 3);
            assertThat(worker).startsWith("ThreadPoolWorker-");
            assertThat(stderr()).contains("[DEBUG/" + worker + "] item 3");
        }
    }

    @Test
    void withoutLogToStderrItIsTheLibrarysSystemLogger() {
        List<LogRecord> records = new CopyOnWriteArrayList<>();
        Handler handler = new Handler() {
            @Override
            public void publish(LogRecord r) {
                records.add(r);
            }

            @Override
            public void flush() {
            }

            @Override
            public void close() {
            }
        };
        Logger jul = Logger.getLogger("io.multiprocessing4j");
        jul.addHandler(handler);
        try {
            Multiprocessing.getLogger().log(Level.WARNING, "to the backend");
        } finally {
            jul.removeHandler(handler);
        }
        assertThat(records).singleElement().satisfies(r -> {
            assertThat(r.getMessage()).isEqualTo("to the backend");
            assertThat(r.getLevel()).isEqualTo(java.util.logging.Level.WARNING);
        });
        assertThat(stderr()).doesNotContain("[WARNING/");
    }
}
