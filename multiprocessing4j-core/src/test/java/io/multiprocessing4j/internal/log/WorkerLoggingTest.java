package io.multiprocessing4j.internal.log;

import org.junit.jupiter.api.Test;

import java.lang.System.Logger.Level;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Properties;

import static org.assertj.core.api.Assertions.assertThat;

/** The worker's JUL configuration and the line format of a forwarded record. */
class WorkerLoggingTest {

    @Test
    void theConsoleHandlerIsReplacedByTheForwarderAndTheLibraryLoggerPassesEveryLevel() {
        Properties config = new Properties();
        config.setProperty("handlers", "java.util.logging.FileHandler, java.util.logging.ConsoleHandler");
        config.setProperty(".level", "WARNING");
        WorkerLogging.forwardInstead(config);
        assertThat(config.getProperty("handlers"))
                .isEqualTo("java.util.logging.FileHandler," + WorkerLogging.Forwarder.class.getName());
        assertThat(config.getProperty("io.multiprocessing4j.level")).isEqualTo("ALL");
        assertThat(config.getProperty("io.multiprocessing4j.internal.level")).isEqualTo("WARNING");
    }

    @Test
    void aConfigurationWithoutAConsoleOrWithItsOwnLibraryLevelIsKept() {
        Properties file = new Properties();
        file.setProperty("handlers", "java.util.logging.FileHandler");
        WorkerLogging.forwardInstead(file);
        assertThat(file.getProperty("handlers")).isEqualTo("java.util.logging.FileHandler");
        assertThat(file.getProperty("io.multiprocessing4j.level")).isNull();

        Properties own = new Properties();
        own.setProperty("handlers", "java.util.logging.ConsoleHandler");
        own.setProperty("io.multiprocessing4j.level", "SEVERE");
        WorkerLogging.forwardInstead(own);
        assertThat(own.getProperty("io.multiprocessing4j.level")).isEqualTo("SEVERE");
    }

    @Test
    void aRecordLineSurvivesSeparatorsBackslashesAndLineBreaks() {
        String mark = "\u0001mp4j-log-test";
        String message = "a\\b\nc\r\u001fd";
        WorkerLogging.Record r = new WorkerLogging.Record(Level.ERROR, 1000, Instant.ofEpochSecond(1_700_000_000L, 123_456_789),
                "com.acme", "SpawnPoolWorker-3", "com.acme.Task", "run", message);
        String line = WorkerLogging.encode(mark, r);
        assertThat(line).endsWith("\n").doesNotContain("\nc");
        assertThat(WorkerLogging.decode(line.substring(mark.length()).stripTrailing())).isEqualTo(r);
        assertThat(WorkerLogging.decode("\u001fERROR\u001fnot a number")).isNull();
        assertThat(WorkerLogging.unescape(WorkerLogging.escape(message))).isEqualTo(message);
    }

    @Test
    void textBeforeARecordOnTheSameLineStaysText() {
        String mark = "\u0001mp4j-log-test";
        WorkerLogging.Record r = new WorkerLogging.Record(Level.DEBUG, 500, Instant.now(), "mp4j.test.unheard", "Process-9",
                "", "", "quiet");
        List<String> plain = new ArrayList<>();
        String readable = WorkerLogging.forward("partial " + WorkerLogging.encode(mark, r).stripTrailing(), mark, plain::add);
        assertThat(plain).containsExactly("partial ");
        assertThat(readable).isEqualTo("DEBUG mp4j.test.unheard: quiet");
        assertThat(WorkerLogging.forward("plain text", mark, plain::add)).isNull();
        assertThat(WorkerLogging.forward(mark + "\u001fforged", mark, plain::add)).isNull();
    }

    @Test
    void julLevelsMapToSystemLoggerLevels() {
        assertThat(WorkerLogging.level(java.util.logging.Level.SEVERE)).isEqualTo(Level.ERROR);
        assertThat(WorkerLogging.level(java.util.logging.Level.WARNING)).isEqualTo(Level.WARNING);
        assertThat(WorkerLogging.level(java.util.logging.Level.INFO)).isEqualTo(Level.INFO);
        assertThat(WorkerLogging.level(java.util.logging.Level.CONFIG)).isEqualTo(Level.DEBUG);
        assertThat(WorkerLogging.level(java.util.logging.Level.FINE)).isEqualTo(Level.DEBUG);
        assertThat(WorkerLogging.level(java.util.logging.Level.FINEST)).isEqualTo(Level.TRACE);
    }
}
