package io.multiprocessing4j.pool;

import java.time.Duration;
import java.util.Optional;
import java.util.OptionalLong;

/**
 * A snapshot of a pool call's progress, given to a {@link ProgressListener}.
 *
 * @param done items finished (successfully or not)
 * @param total items in the call, empty when the input is lazy and its size unknown
 * @param ratePerSecond items finished per second since the call began
 * @param elapsed time since the call began
 */
public record Progress(long done, OptionalLong total, double ratePerSecond, Duration elapsed) {
    /** The bar's marker: a call given it is drawn by the pool from its counters instead of being told per item. */
    private static final ProgressListener BAR = new ProgressListener() {
        @Override
        public void onProgress(Progress progress) {
            // never called: calls given this listener are drawn from their counters
        }

        @Override
        public String toString() {
            return "Progress.bar()";
        }
    };

    /**
     * A listener that draws a tqdm-like bar on stderr: items done of the total, rate, elapsed time,
     * time left, and the number of items whose worker crashed or that timed out. On a terminal it
     * redraws one line in place; otherwise (a log, CI) it prints a plain line every few seconds
     * ({@code -Dmp4j.progress.intervalMillis}, default 5000). A call that ends within a second draws
     * nothing. The bar reads the call's counters from a timer thread, so it costs the pool nothing per item.
     * Only {@code map}, {@code imap} and {@code starmap} calls draw it; {@code apply} calls do not.
     *
     * @return the progress-bar listener (one shared instance)
     */
    public static ProgressListener bar() {
        return BAR;
    }

    /** @return {@link #bar()} when {@code -Dmp4j.progressBar=true} or {@code MP4J_PROGRESS_BAR=1}, else null: a builder's default */
    static ProgressListener defaultListener() {
        boolean on = Boolean.getBoolean("mp4j.progressBar") || "1".equals(System.getenv("MP4J_PROGRESS_BAR"));
        return on ? BAR : null;
    }

    /** @return the estimated time left, when the total is known and the rate positive */
    public Optional<Duration> eta() {
        if (total.isEmpty() || ratePerSecond <= 0) {
            return Optional.empty();
        }
        long left = Math.max(0, total.getAsLong() - done);
        return Optional.of(Duration.ofNanos((long) (left / ratePerSecond * 1e9)));
    }

    /** @return the fraction done in [0, 1], or NaN when the total is unknown */
    public double fraction() {
        return total.isEmpty() || total.getAsLong() == 0 ? Double.NaN : (double) done / total.getAsLong();
    }
}
