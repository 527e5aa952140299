package io.multiprocessing4j.cli.bench.scenarios;

import io.multiprocessing4j.cli.bench.Stats;
import org.junit.jupiter.api.Test;

import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/** CPU per start is grouped into repetitions as the start times are: warm-up and calibration left out. */
class SpawnCpuPerRepTest {

    @Test
    void cpuPerRunIsAveragedOverEachRepetitionsRuns() {
        // warm-up (9), two calibration runs (8, 8), then 3 repetitions of 2 runs
        List<Double> cpu = List.of(9.0, 8.0, 8.0, 1.0, 3.0, 2.0, 2.0, 5.0, 7.0);
        Stats.Samples times = new Stats.Samples(new double[] {0.02, 0.02, 0.02}, 2);
        Stats.Samples s = SpawnScenario.perRep(cpu, times);
        assertThat(s.values()).containsExactly(2.0, 2.0, 6.0);
        assertThat(s.runsPerRep()).isEqualTo(2);
    }

    @Test
    void oneRunPerRepetitionLeavesOutOnlyTheWarmUp() {
        Stats.Samples s = SpawnScenario.perRep(List.of(70.0, 60.0, 61.0), new Stats.Samples(new double[] {0.06, 0.06}));
        assertThat(s.values()).containsExactly(60.0, 61.0);
    }
}
