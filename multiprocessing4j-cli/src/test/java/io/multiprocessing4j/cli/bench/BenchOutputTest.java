package io.multiprocessing4j.cli.bench;

import io.multiprocessing4j.cli.chart.Charts;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/** The bench's output side: JSON round trip, comparisons, the table and the charts. */
class BenchOutputTest {

    private static List<BenchRecord> sample() {
        List<BenchRecord> rs = new ArrayList<>();
        rs.add(new BenchRecord("sqrt", "java-sequential", "total", 0.01, "s", Map.of("n", 1_000_000)));
        rs.add(new BenchRecord("sqrt", "mp4j-spawn", "total", 0.005, "s", Map.of("n", 1_000_000, "pool", "warm", "workers", 2)));
        rs.add(new BenchRecord("sqrt", "mp4j-spawn", "total", 0.5, "s", Map.of("n", 1_000_000, "pool", "cold", "workers", 2)));
        rs.add(new BenchRecord("sqrt", "cpython-fork", "total", 0.1, "s", Map.of("n", 1_000_000, "pool", "warm")));
        rs.add(new BenchRecord("sqrt", "cpython-fork", "total", 0.2, "s", Map.of("n", 1_000_000, "pool", "cold")));
        rs.add(new BenchRecord("map", "mp4j-spawn", "tasks/s", 2e6, "tasks/s", Map.of("items", 10)));
        rs.add(new BenchRecord("map", "cpython-spawn", "tasks/s", 1e6, "tasks/s", Map.of("items", 10, "note", "a \"quoted\", text")));
        rs.add(new BenchRecord("perfect", "mp4j-spawn", ResultsTable.TASK_SPAN, 5, "ms",
                Map.of("worker", "12", "start_ms", 0, "end_ms", 5, "task", 0)));
        return rs;
    }

    @Test
    void jsonRoundTripKeepsEveryField() {
        List<BenchRecord> rs = sample();
        List<String> written = rs.stream().map(Json::write).toList();   // numbers come back as Long/Double
        assertThat(Json.readRecords(Json.writeArray(rs)).stream().map(Json::write).toList()).isEqualTo(written);
        assertThat(Json.readRecords(String.join("\n", written)).stream().map(Json::write).toList()).isEqualTo(written);
        assertThat(Json.readRecords(Json.writeArray(rs)).get(6).params().get("note")).isEqualTo("a \"quoted\", text");
    }

    @Test
    void speedUpAndCpythonRatioCompareTheSameSizeAndPoolState() {
        List<BenchRecord> rs = sample();
        Comparisons c = new Comparisons(rs);
        assertThat(c.speedupVsSequential(rs.get(1))).hasValue(2.0);
        assertThat(c.ratioVsCpython(rs.get(1))).hasValue(20.0);
        assertThat(c.ratioVsCpython(rs.get(2))).hasValue(0.4);
        assertThat(c.ratioVsCpython(rs.get(5))).hasValue(2.0); // a rate: higher is better
    }

    @Test
    void tableShowsFiguresAndFailuresButNotTaskSpans() {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        ResultsTable.print(new PrintStream(bytes, true, StandardCharsets.UTF_8), sample(), Map.of("broken", "boom"));
        String out = bytes.toString(StandardCharsets.UTF_8);
        assertThat(out).contains("sqrt", "2.00x", "20x", "FAILED", "boom").doesNotContain(ResultsTable.TASK_SPAN);
    }

    @Test
    void tableLinesFitInOneHundredColumnsAndSayWhoWinsInWords() {
        List<BenchRecord> rs = new ArrayList<>(sample());
        rs.add(new BenchRecord("pool-start", "mp4j-spawn", "pool start to first result", 450, "ms",
                Map.of("start", "cold", "min", 400, "max", 500, "reps", 7)));
        rs.add(new BenchRecord("pool-start", "mp4j-spawn", "pool start to first result", 4, "ms",
                Map.of("start", "default", "spares", 2, "min", 3, "max", 5, "reps", 7)));
        rs.add(new BenchRecord("pool-start", "cpython-spawn", "pool start to first result", 200, "ms",
                Map.of("workers", 2, "min", 190, "max", 230, "reps", 7)));
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        ResultsTable.print(new PrintStream(bytes, true, StandardCharsets.UTF_8), rs, Map.of("broken", "boom ".repeat(40)),
                SelfCheck.check(rs, 2));
        String out = bytes.toString(StandardCharsets.UTF_8);
        assertThat(out.lines()).allSatisfy(l -> assertThat(l.length()).isLessThanOrEqualTo(ResultsTable.WIDTH));
        assertThat(out).contains("== pool-start", "mp4j-spawn cold", "cpython-spawn 2.25x faster",
                "50x faster than cpython-spawn", "mp4j-spawn warm");
    }

    @Test
    void htmlReportHoldsMachineVerdictsChartsAndTable(@TempDir Path dir) throws Exception {
        List<Path> charts = Charts.drawAll(sample(), dir);
        Path html = HtmlReport.write(dir.resolve("index.html"), sample(), Map.of(), List.of(), charts,
                new HtmlReport.Machine(2, "25", "Linux", "Python 3.12.3", 2, "2026-01-01 00:00 UTC", 61, false));
        String page = Files.readString(html);
        assertThat(page).contains("2 CPU(s)", "Python 3.12.3", "JVM 25", "<img src=\"speedup.png\"",
                "20x faster than cpython-fork", "No suspect figure", "run took 61 s");
        assertThat(page).doesNotContain("http://", "https://", "<script");
    }

    @Test
    void chartsAreWrittenAsPngAndSvg(@TempDir Path dir) throws Exception {
        List<Path> files = Charts.drawAll(sample(), dir);
        assertThat(files).extracting(p -> p.getFileName().toString())
                .contains("speedup.png", "speedup.svg", "absolute.png", "sqrt-overhead.png", "timeline-perfect-mp4j-spawn.svg");
        for (Path f : files) {
            assertThat(Files.size(f)).isPositive();
        }
    }

    @Test
    void csvHasAHeaderAndOneLinePerRecord(@TempDir Path dir) throws Exception {
        Path csv = dir.resolve("r.csv");
        BenchCommand.writeCsv(csv, sample());
        assertThat(Files.readAllLines(csv)).hasSize(sample().size() + 1).first().asString().startsWith("scenario,variant");
    }

    @Test
    void csvGivesTheRunsPerRepetitionOfAFigureMeasuredPerRunInItsOwnColumn(@TempDir Path dir) throws Exception {
        Stats.Samples perRun = new Stats.Samples(new double[] {0.25, 0.3, 0.26}, 40);
        Map<String, Object> p = new java.util.LinkedHashMap<>(Map.of("n", 10_000));
        p.putAll(perRun.spreadParams());
        BenchRecord r = new BenchRecord("sqrt", "java-sequential", "total", perRun.median(), "ms", p);
        Path csv = dir.resolve("r.csv");
        BenchCommand.writeCsv(csv, List.of(r));
        List<String> lines = Files.readAllLines(csv);
        assertThat(lines.getFirst()).isEqualTo("scenario,variant,metric,value,unit,min,max,lo,hi,reps,runs_per_rep,params");
        assertThat(lines.get(1)).isEqualTo("sqrt,java-sequential,total,0.26,ms,0.25,0.3,0.25,0.3,3,40,n=10000");
        assertThat(Json.toRecord(Json.parse(Json.write(r))).params()).containsEntry(Stats.RUNS_PER_REP, 40L);
    }

    @Test
    void figuresAveragedOverDifferentRunCountsAreStillComparedAndTheLegendSaysTheyArePerRun() {
        BenchRecord java = new BenchRecord("factorial", "java-sequential", "total", 0.004, "s",
                Map.of("n", 5000, "tasks", 4, Stats.RUNS_PER_REP, 13, "reps", 7));
        BenchRecord thread = new BenchRecord("factorial", "mp4j-thread", "total", 0.002, "s",
                Map.of("n", 5000, "tasks", 4, Stats.RUNS_PER_REP, 25, "reps", 7));
        BenchRecord cpython = new BenchRecord("factorial", "cpython-sequential", "total", 0.006, "s",
                Map.of("n", 5000, "tasks", 4, Stats.RUNS_PER_REP, 9, "reps", 7));
        Comparisons c = new Comparisons(List.of(java, thread, cpython));
        assertThat(c.speedupVsSequential(thread)).hasValue(2.0);
        assertThat(c.ratioVsCpython(java)).isPresent();
        assertThat(ResultsTable.legend()).contains("per run", "runs_per_rep");
    }
}
