package io.multiprocessing4j.examples;

import org.junit.jupiter.api.Test;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;

import static org.assertj.core.api.Assertions.assertThat;

/** Runs every example's main logic with small sizes and checks what it printed. */
class ExamplesTest {

    interface Example {
        void run(PrintStream out, String... args) throws Exception;
    }

    private static String output(Example example, String... args) throws Exception {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (PrintStream out = new PrintStream(bytes, true, StandardCharsets.UTF_8)) {
            example.run(out, args);
        }
        return bytes.toString(StandardCharsets.UTF_8);
    }

    @Test
    void sleepingProcessesRunInParallelAndJoinWaitsForThem() throws Exception {
        assertThat(output(SleepingProcesses::run, "0.1"))
                .contains("without join", "with join", "exit codes: 0 0");
    }

    @Test
    void tenProcessesAllExitCleanly() throws Exception {
        assertThat(output(TenProcesses::run, "3")).contains("3 of 3 processes exited with code 0");
    }

    @Test
    void bubbleSortInAChildSortsTheArray() throws Exception {
        assertThat(output(BubbleSortInChild::run, "200")).contains("child exit code 0", "sorted 200 numbers", "order correct");
    }

    @Test
    void dataCanBePassedInArgumentsOrLoadedByTheWorker() throws Exception {
        assertThat(output(ArgumentsVersusLoading::run, "1000"))
                .contains("1,000 doubles passed as argument", "(exit 0)", "1,000 doubles loaded in the worker");
    }
}
