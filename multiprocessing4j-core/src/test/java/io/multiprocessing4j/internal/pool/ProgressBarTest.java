package io.multiprocessing4j.internal.pool;

import io.multiprocessing4j.Multiprocessing;
import io.multiprocessing4j.pool.Pool;
import io.multiprocessing4j.pool.Progress;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.OptionalLong;
import java.util.concurrent.TimeUnit;
import java.util.stream.IntStream;

import static org.assertj.core.api.Assertions.assertThat;

/** The console progress bar: its line, when it draws, and how (in place on a terminal, plain lines elsewhere). */
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class ProgressBarTest {
    private PrintStream stderr;
    private ByteArrayOutputStream captured;

    @BeforeEach
    void captureStderr() {
        stderr = System.err;
        captured = new ByteArrayOutputStream();
        System.setErr(new PrintStream(captured, true, StandardCharsets.UTF_8));
        System.setProperty("mp4j.progress.intervalMillis", "300");
    }

    @AfterEach
    void restoreStderr() {
        System.setErr(stderr);
        System.clearProperty("mp4j.progress.terminal");
        System.clearProperty("mp4j.progress.intervalMillis");
    }

    private String output() {
        return captured.toString(StandardCharsets.UTF_8);
    }

    static int slow(int x) throws InterruptedException {
        Thread.sleep(25);
        return x;
    }

    private static List<Integer> range(int n) {
        return IntStream.range(0, n).boxed().toList();
    }

    @Test
    void theLineShowsDoneOfTotalRateElapsedTimeLeftAndFailedItems() {
        assertThat(ProgressBar.line("map", 84, OptionalLong.of(200), 2, 3_500_000_000L, false))
                .isEqualTo("map  42%|##########..............| 84/200 [00:03<00:04, 24.0 it/s, 2 crashed/timed out]");
        assertThat(ProgressBar.line("map", 200, OptionalLong.of(200), 0, 2_000_000_000L, true))
                .isEqualTo("map 100%|████████████████████████| 200/200 [00:02<00:00, 100 it/s]");
    }

    @Test
    void withoutATotalTheLineCountsItems() {
        assertThat(ProgressBar.line("imap", 1234, OptionalLong.empty(), 0, 3_000_000_000L, false))
                .isEqualTo("imap 1234 it [00:03, 411 it/s]");
    }

    @Test
    void offATerminalAMapLongerThanASecondPrintsPlainLinesAndAFinalOneBeforeItReturns() throws Exception {
        System.setProperty("mp4j.progress.terminal", "false");
        try (Pool pool = Multiprocessing.context("thread").pool(1)) {
            assertThat(pool.map(ProgressBarTest::slow, range(80), Progress.bar())).hasSize(80);
            // a blocking call draws its last line before it returns, so the caller's next output comes after it
            assertThat(output().lines().toList().getLast()).contains("80/80");
            ProgressBar.awaitIdle();
        }
        List<String> lines = output().lines().toList();
        assertThat(lines).hasSizeGreaterThanOrEqualTo(2).allMatch(l -> l.startsWith("map ") && !l.contains("\r"));
        assertThat(lines.getLast()).contains("100%").contains("80/80");
    }

    @Test
    void onATerminalTheBarRedrawsOneLineInPlace() throws Exception {
        System.setProperty("mp4j.progress.terminal", "true");
        try (Pool pool = Pool.builder().context(Multiprocessing.context("thread")).workers(1).progressBar(true).build()) {
            assertThat(pool.starmap((Integer a, Integer b) -> slow(a + b),
                    range(80).stream().map(i -> Map.entry(i, 0)).toList())).hasSize(80);
            ProgressBar.awaitIdle();
        }
        String out = output();
        assertThat(out).startsWith("\rstarmap ").endsWith("\n").contains("80/80");
        assertThat(out.chars().filter(c -> c == '\n').count()).as("one line, redrawn").isEqualTo(1);
        assertThat(out.split("\r").length).isGreaterThan(2);
    }

    @Test
    void aMapThatEndsWithinASecondDrawsNothing() throws Exception {
        System.setProperty("mp4j.progress.terminal", "false");
        try (Pool pool = Pool.builder().context(Multiprocessing.context("thread")).workers(2).progressBar(true).build()) {
            assertThat(pool.map((Integer x) -> x + 1, range(1000))).hasSize(1000);
            List<Integer> viaImap = new ArrayList<>();
            pool.<Integer, Integer>imap(x -> x, range(100), Progress.bar()).forEachRemaining(viaImap::add);
            assertThat(viaImap).hasSize(100);
            ProgressBar.awaitIdle();
        }
        assertThat(output()).isEmpty();
    }

    @Test
    void applyCallsNeverDrawABar() throws Exception {
        System.setProperty("mp4j.progress.terminal", "false");
        try (Pool pool = Pool.builder().context(Multiprocessing.context("thread")).workers(1).progressBar(true).build()) {
            assertThat(pool.apply((Integer x) -> {
                Thread.sleep(1300);
                return x;
            }, 7)).isEqualTo(7);
            ProgressBar.awaitIdle();
        }
        assertThat(output()).isEmpty();
    }
}
