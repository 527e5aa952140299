package io.multiprocessing4j.examples;

import org.junit.jupiter.api.Test;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;

import static org.assertj.core.api.Assertions.assertThat;

/** Runs every example's main logic with small sizes and checks what it printed. */
class ExamplesIT {

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

    @Test
    void poolMapUsesTheGivenWorkers() throws Exception {
        assertThat(output(PoolMapWorkers::run, "5", "2")).contains("squares from 2 workers: [0, 1, 4, 9, 16]");
    }

    @Test
    void perfectNumbersAgreeThreeWays() throws Exception {
        assertThat(output(PerfectNumbersThreeWays::run, "500"))
                .contains("sequential: [6, 28, 496]", "processes", "pool of", ": [6, 28, 496] in");
    }

    @Test
    void perfectNumbersWithADashboardSurviveTheirPlannedCrash() throws Exception {
        assertThat(output(PerfectNumbersDashboard::run, "2000", "1", "0"))
                .contains("dashboard: http://127.0.0.1:", "?token=", "round 1: perfect numbers up to 2000: [6, 28, 496] in",
                        "pool closed");
    }

    @Test
    void aSpawnProgramRunsOnTheClusterContextWithTheSameOutput() throws Exception {
        String spawn = output(ClusterPerfectNumbers::run, "10000", "spawn");
        String cluster = output(ClusterPerfectNumbers::run, "10000", "cluster");
        assertThat(spawn).contains("perfect numbers below 10000: [6, 28, 496, 8128]", "child exit code 0",
                "adder 0 added 4 numbers", "adder 1 added 4 numbers", "twice their sum: 17316");
        assertThat(cluster).isEqualTo(spawn);
    }

    @Test
    void poolMapAndApply() throws Exception {
        assertThat(output(PoolMapAndApply::run, "4")).contains("map: [0, 1, 8, 27]", "apply: 343");
    }

    @Test
    void batchingGivesTheSameResults() throws Exception {
        assertThat(output(BatchingTinyTasks::run, "2000", "500")).contains("2000 tasks one by one", "same count");
    }

    @Test
    void modelsTrainInParallelAndFindTheWeights() throws Exception {
        assertThat(output(TrainModelsInParallel::run, "2000"))
                .containsPattern("lr=0\\.1 +w1= (2\\.99|3\\.00)\\d w2=(-2\\.00|-1\\.99)")   // y = 3 x1 - 2 x2 + 0.5
                .contains("trained 4 models");
    }

    @Test
    void imagesAreProcessedWithProgress() throws Exception {
        assertThat(output(ImageBatch::run, "4", "64")).contains("[##############################] 100%", "processed 4 of 4 images");
    }

    @Test
    void producerConsumerStopsAtTheSentinel() throws Exception {
        assertThat(output(ProducerConsumer::run, "1000")).contains("consumer summed 499500 (expected 499500); exit codes 0 0");
    }

    @Test
    void pipeRepliesUpperCased() throws Exception {
        assertThat(output(PipePing::run, "2")).contains("reply: PING 0", "reply: PING 1", "child exit code 0");
    }

    @Test
    void managerDictIsFilledByWorkers() throws Exception {
        assertThat(output(ManagerDict::run, "3")).contains("in key order: {0=0, 1=1, 2=4}");
    }

    @Test
    void managerObjectsAreSharedWithPoolTasksAndProcesses() throws Exception {
        assertThat(output(ManagerSharedObjects::run, "10")).contains("counter: 10 of 10", "sum of ids: 55 (expected 55)",
                "log lines: 10", "queue drained, consumer exit code 0");
    }

    @Test
    void sharedCounterIsExactWithItsLock() throws Exception {
        assertThat(output(SharedCounter::run, "2000")).contains("with the lock:    8000 of 8000", "without the lock: ");
    }

    @Test
    void sharedMemorySumIsCorrect() throws Exception {
        assertThat(output(SharedMemorySum::run, "100000")).contains("sum of 100000 doubles in 2 processes: 4999950000 (correct)");
    }

    @Test
    void poolInitializerGivesEachWorkerTheQueue() throws Exception {
        assertThat(output(PoolInitializerAndQueues::run, "6"))
                .contains("results: [0, 10, 20, 30, 40, 50]", "log messages received: 6");
    }
}
