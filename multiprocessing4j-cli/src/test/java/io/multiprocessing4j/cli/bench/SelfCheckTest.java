package io.multiprocessing4j.cli.bench;

import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/** The self-check is fed figures that cannot be true on a 2-CPU machine, and figures that can. */
class SelfCheckTest {

    private static final int CPUS = 2;

    private static BenchRecord rec(String scenario, String variant, double value, String unit, Map<String, Object> p) {
        return new BenchRecord(scenario, variant, "total", value, unit, p);
    }

    @Test
    void aThreadSpeedUpOfSeventeenOnTwoCpusIsSuspect() {
        BenchRecord seq = rec("factorial", "java-sequential", 0.27, "s", Map.of("n", 20000, "tasks", 4));
        BenchRecord threads = rec("factorial", "mp4j-thread", 0.0153, "s", Map.of("n", 20000, "tasks", 4));
        List<SelfCheck.Suspect> s = SelfCheck.check(List.of(seq, threads), CPUS);
        assertThat(s).hasSize(1);
        assertThat(s.getFirst().record()).isSameAs(threads);
        assertThat(s.getFirst().reason()).contains("17.65x faster than java-sequential", "2 workers");
    }

    @Test
    void aSpeedUpRecordAboveWorkersTimesMarginIsSuspect() {
        BenchRecord x = new BenchRecord("perfect", "cpython-fork", "speedup", 2.4, "x", Map.of("n", 3000, "workers", 2));
        assertThat(SelfCheck.check(List.of(x), CPUS)).extracting(SelfCheck.Suspect::record).containsExactly(x);
    }

    @Test
    void eachLanguageIsCheckedAgainstItsOwnSequentialCode() {
        // CPython's pool 12x faster than CPython sequential is impossible; 12x faster than Java is not checked
        List<BenchRecord> rs = List.of(
                rec("perfect", "java-sequential", 2.0, "s", Map.of("n", 45000)),
                rec("perfect", "cpython-sequential", 30.0, "s", Map.of("n", 45000)),
                rec("perfect", "cpython-fork", 2.5, "s", Map.of("n", 45000, "workers", 2)),
                rec("perfect", "mp4j-spawn", 1.1, "s", Map.of("n", 45000, "workers", 2)));
        List<SelfCheck.Suspect> s = SelfCheck.check(rs, CPUS);
        assertThat(s).extracting(x -> x.record().variant()).containsExactly("cpython-fork");
    }

    @Test
    void aLargerSizeRunningFasterOnTheSameVariantIsSuspect() {
        BenchRecord small = rec("sqrt", "mp4j-thread", 0.42, "s", Map.of("n", 100_000, "pool", "cold", "workers", 2));
        BenchRecord large = rec("sqrt", "mp4j-thread", 0.14, "s", Map.of("n", 1_000_000, "pool", "cold", "workers", 2));
        BenchRecord otherState = rec("sqrt", "mp4j-thread", 0.05, "s", Map.of("n", 10_000_000, "pool", "warm", "workers", 2));
        List<SelfCheck.Suspect> s = SelfCheck.check(List.of(small, large, otherState), CPUS);
        assertThat(s).hasSize(1);
        assertThat(s.getFirst().record()).isSameAs(large);
        assertThat(s.getFirst().reason()).contains("n=1000000", "faster than n=100000");
    }

    @Test
    void repetitionsSpreadWiderThanTwiceAreSuspect() {
        BenchRecord wide = rec("sleep", "mp4j-spawn", 2.0, "s", Map.of("form", "processes", "min", 1.1, "max", 3.3, "reps", 3));
        BenchRecord narrow = rec("sleep", "mp4j-thread", 1.0, "s", Map.of("form", "processes", "min", 1.0, "max", 1.9, "reps", 3));
        BenchRecord tiny = rec("spawn", "mp4j-thread", 0.1, "ms", Map.of("min", 0.05, "max", 0.4, "reps", 3));
        List<SelfCheck.Suspect> s = SelfCheck.check(List.of(wide, narrow, tiny), CPUS);
        assertThat(s).extracting(SelfCheck.Suspect::record).containsExactly(wide);
        assertThat(s.getFirst().reason()).contains("3.0x");
    }

    @Test
    void oneOutlierAtEachEndIsLeftOutOfTheSpreadFromFiveRepetitions() {
        Stats.Samples oneSlowRun = new Stats.Samples(new double[] {0.100, 0.104, 0.098, 0.350, 0.101});
        Map<String, Object> p = new java.util.HashMap<>(oneSlowRun.spreadParams());
        assertThat(p).containsEntry("min", 0.098).containsEntry("max", 0.35).containsEntry("lo", 0.1).containsEntry("hi", 0.104);
        BenchRecord r = rec("spawn", "mp4j-spawn", oneSlowRun.median(), "s", p);
        assertThat(SelfCheck.check(List.of(r), CPUS)).isEmpty();

        Stats.Samples reallyWide = new Stats.Samples(new double[] {0.1, 0.3, 0.1, 0.35, 0.1});
        BenchRecord wide = rec("spawn", "mp4j-spawn", reallyWide.median(), "s", reallyWide.spreadParams());
        assertThat(SelfCheck.check(List.of(wide), CPUS)).extracting(SelfCheck.Suspect::record).containsExactly(wide);
    }

    @Test
    void aSpreadOfLessThanATimeSliceIsNotSuspectWhateverItsRatio() {
        BenchRecord threadStart = rec("spawn", "mp4j-thread", 0.8, "ms", Map.of("lo", 0.6, "hi", 4.5, "reps", 9));
        BenchRecord slowStart = rec("spawn", "mp4j-spawn", 30, "ms", Map.of("lo", 12.0, "hi", 45.0, "reps", 9));
        assertThat(SelfCheck.check(List.of(threadStart, slowStart), CPUS)).extracting(SelfCheck.Suspect::record)
                .containsExactly(slowStart);
    }

    @Test
    void plausibleFiguresAreNotSuspect() {
        List<BenchRecord> rs = new ArrayList<>();
        for (int n : new int[] {5000, 20000}) {
            double seq = n == 5000 ? 0.01 : 0.1;
            rs.add(rec("factorial", "java-sequential", seq, "s", Map.of("n", n, "tasks", 4, "min", seq, "max", seq * 1.3, "reps", 5)));
            rs.add(rec("factorial", "mp4j-thread", seq / 1.9, "s", Map.of("n", n, "tasks", 4, "min", seq / 2, "max", seq / 1.5, "reps", 5)));
            rs.add(rec("factorial", "mp4j-spawn", 0.5 + seq, "s", Map.of("n", n, "tasks", 4, "start", "cold")));
        }
        assertThat(SelfCheck.check(rs, CPUS)).isEmpty();
    }
}
