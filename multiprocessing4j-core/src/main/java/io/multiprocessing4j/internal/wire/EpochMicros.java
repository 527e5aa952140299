package io.multiprocessing4j.internal.wire;

import java.time.Instant;

/**
 * Wall-clock time in microseconds since the epoch: the one clock a parent and its workers share,
 * so each side can stamp the phases of a start and the parent can subtract them.
 */
public final class EpochMicros {
    private EpochMicros() {
    }

    public static long now() {
        Instant t = Instant.now();
        return t.getEpochSecond() * 1_000_000L + t.getNano() / 1_000;
    }
}
