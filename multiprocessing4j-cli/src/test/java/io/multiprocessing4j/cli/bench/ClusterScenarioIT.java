package io.multiprocessing4j.cli.bench;

import io.multiprocessing4j.cli.bench.scenarios.ClusterScenario;
import io.multiprocessing4j.cli.bench.scenarios.NoLeftoverSpares;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.util.List;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/** {@code mp4j bench --context cluster --quick}: every figure for both contexts, and the nodes stopped after. */
@Timeout(value = 300, unit = TimeUnit.SECONDS)
class ClusterScenarioIT {

    @Test
    void quickRunReportsEveryFigureForSpawnAndTheClusterAndStopsItsNodes() throws Exception {
        BenchCommand.Run run = new BenchCommand.Run(true, 2, null);
        long before = ProcessHandle.current().children().count();
        try {
            new ClusterScenario().run(run);
        } finally {
            NoLeftoverSpares.stop(); // the spawn context's warm spares
        }
        List<BenchRecord> r = run.records();
        for (String metric : List.of("perfect", "map-tiny", "map-auto", "apply-latency")) {
            assertThat(r).as(metric).anyMatch(x -> x.metric().equals(metric) && x.variant().equals("spawn") && x.value() > 0);
            assertThat(r).as(metric).anyMatch(x -> x.metric().equals(metric) && x.variant().equals("cluster") && x.value() > 0);
        }
        assertThat(r).anyMatch(x -> x.metric().equals("cluster-start") && x.value() > 0);
        assertThat(r).anyMatch(x -> x.metric().equals("crash-recovery") && x.value() >= 0);
        assertThat(ProcessHandle.current().children().filter(h -> h.info().commandLine().orElse("").contains("NodeMain")))
                .as("node JVMs left running (children before: %d)", before).isEmpty();
    }
}
