package io.multiprocessing4j.cli;

import io.multiprocessing4j.cli.bench.BenchRecord;
import io.multiprocessing4j.cli.bench.Json;
import io.multiprocessing4j.cli.chart.Charts;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Callable;

/** {@code mp4j chart FILE.json}: redraws the charts of a saved bench run. */
@Command(name = "chart", mixinStandardHelpOptions = true,
        description = "Redraw the charts (PNG and SVG) from a results file written by mp4j bench --json.")
public final class ChartCommand implements Callable<Integer> {

    @Parameters(paramLabel = "FILE.json", description = "Results: a JSON array of records or JSON lines.")
    Path file;

    @Option(names = "--out", paramLabel = "DIR", description = "Where to write the charts (default: the file's directory).")
    Path out;

    @Override
    public Integer call() throws Exception {
        List<BenchRecord> records = Json.readRecords(Files.readString(file, StandardCharsets.UTF_8));
        Path dir = out != null ? out : file.toAbsolutePath().getParent();
        List<Path> written = Charts.drawAll(records, dir);
        if (written.isEmpty()) {
            System.out.println("No chart to draw: " + file + " has no speed-up, sqrt or timeline figures.");
        }
        for (Path p : written) {
            System.out.println("Wrote " + p);
        }
        return 0;
    }
}
