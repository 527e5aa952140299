package io.multiprocessing4j.cli.bench;

import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * The repetition method: short variants are timed k runs at a time, k fixed once in the warm-up, and
 * reported per run. The variants here report made-up times (powers of two, exact in binary), so k is
 * known in advance and nothing waits.
 */
class StatsTest {

    /** A variant that reports the given times in turn (the last one over and over) and counts its runs. */
    private static final class Fake implements Stats.Timed {
        final double[] times;
        final List<Double> reported = new ArrayList<>();

        Fake(double... times) {
            this.times = times;
        }

        @Override
        public double run() {
            double t = times[Math.min(reported.size(), times.length - 1)];
            reported.add(t);
            return t;
        }
    }

    @Test
    void aShortVariantRunsBackToBackUntilARepetitionLastsTheBatchTimeAndIsReportedPerRun() throws Exception {
        Fake shortOne = new Fake(1.0 / 64); // 4 runs make 62.5 ms, 3 make 46.9 ms: k = 4
        Fake longOne = new Fake(0.25);
        Map<String, Stats.Timed> variants = new LinkedHashMap<>();
        variants.put("short", shortOne);
        variants.put("long", longOne);
        Map<String, Stats.Samples> s = Stats.interleaved(5, variants, null);

        assertThat(s.get("short").runsPerRep()).isEqualTo(4);
        assertThat(s.get("short").values()).hasSize(5).containsOnly(1.0 / 64);
        // warm-up, twice 4 calibration runs, then 5 repetitions of 4 runs
        assertThat(shortOne.reported).hasSize(1 + 2 * 4 + 5 * 4);
        assertThat(s.get("long").runsPerRep()).isEqualTo(1);
        // 0.25 s is no short run, but under 0.5 s its warm-up may be the slow first one: two runs, twice
        assertThat(longOne.reported).hasSize(1 + 2 * 2 + 5);
    }

    @Test
    void theRunCountIsTakenOnceTheFirstSlowRunsArePast() throws Exception {
        // warm-up 0.4 s, then a first count while runs still take 1/32 s (2 runs), then 1/64 (4 runs): k = 4
        Fake v = new Fake(0.4, 1.0 / 32, 1.0 / 32, 1.0 / 64);
        Map<String, Stats.Samples> s = Stats.interleaved(3, Map.of("v", v), null);
        assertThat(s.get("v").runsPerRep()).isEqualTo(4);
        assertThat(s.get("v").values()).containsOnly(1.0 / 64);
    }

    @Test
    void aRunSlowedByAnotherProcessDuringTheCountDoesNotShortenTheRepetitions() throws Exception {
        // warm-up, a first count of 4 runs of 1/64 s, then a second count whose first run met a time
        // slice of another process (1/16 s): the fastest run of the second count decides, k = 4
        double a = 1.0 / 64;
        Fake v = new Fake(1.0 / 32, a, a, a, a, 1.0 / 16, a);
        Map<String, Stats.Samples> s = Stats.interleaved(2, Map.of("v", v), null);
        assertThat(s.get("v").runsPerRep()).isEqualTo(4);
        assertThat(s.get("v").values()).containsOnly(a);
    }

    @Test
    void aWarmUpRunOfHalfASecondOrMoreIsNotCalibrated() throws Exception {
        Fake v = new Fake(0.5, 0.001);
        Map<String, Stats.Samples> s = Stats.interleaved(3, Map.of("v", v), null);
        assertThat(s.get("v").runsPerRep()).isEqualTo(1);
        assertThat(v.reported).hasSize(1 + 3);
    }

    @Test
    void eachRepetitionIsTheMeanOfItsRunsWithTheSameCountInEveryRepetition() throws Exception {
        // warm-up 1/32; calibration 1/64 x 4, twice (k = 4); then repetitions of 1/64, 1/64, 1/16, 1/64 ...
        double a = 1.0 / 64;
        double b = 1.0 / 16;
        Fake v = new Fake(1.0 / 32, a, a, a, a, a, a, a, a, a, a, b, a, a, a, a, a);
        Map<String, Stats.Samples> s = Stats.interleaved(2, Map.of("v", v), null);
        assertThat(s.get("v").runsPerRep()).isEqualTo(4);
        assertThat(s.get("v").values()).containsExactly((a + a + b + a) / 4, a);
    }

    @Test
    void withoutAWarmUpEveryRepetitionIsOneRun() throws Exception {
        Fake v = new Fake(0.001);
        Map<String, Stats.Samples> s = Stats.interleaved(3, Map.of("v", v), null, false);
        assertThat(s.get("v").runsPerRep()).isEqualTo(1);
        assertThat(v.reported).hasSize(3);
    }

    @Test
    void runsPerRepetitionAreCapped() throws Exception {
        assertThat(Stats.runsPerRep(0, () -> 0)).isEqualTo(Stats.MAX_RUNS_PER_REP);
    }

    @Test
    void progressCountsRepetitionsNotRuns() throws Exception {
        List<Integer> done = new ArrayList<>();
        Stats.interleaved(3, Map.of("v", new Fake(1.0 / 1024)), (d, all) -> {
            assertThat(all).isEqualTo(3);
            done.add(d);
        });
        assertThat(done).containsExactly(1, 2, 3);
    }

    @Test
    void runsPerRepetitionTravelWithTheSamplesIntoTheParameters() {
        Stats.Samples s = new Stats.Samples(new double[] {0.002, 0.003, 0.0025}, 20);
        assertThat(s.scaled(1000).runsPerRep()).isEqualTo(20);
        assertThat(s.inverted(1).runsPerRep()).isEqualTo(20);
        assertThat(s.spreadParams()).containsEntry(Stats.RUNS_PER_REP, 20).containsEntry("reps", 3);
        assertThat(new Stats.Samples(new double[] {1}).spreadParams()).containsEntry(Stats.RUNS_PER_REP, 1);
        assertThatThrownBy(() -> new Stats.Samples(new double[] {1}, 0)).isInstanceOf(IllegalArgumentException.class);
    }
}
