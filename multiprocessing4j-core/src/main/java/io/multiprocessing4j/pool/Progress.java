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
