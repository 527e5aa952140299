package io.multiprocessing4j.sync;

import java.util.concurrent.TimeUnit;

/**
 * The {@link System#nanoTime()} deadlines the backends take: {@link #FOREVER} for no limit, and a
 * time-out so long that the deadline would overflow counts as no limit too.
 */
final class Deadlines {
    static final long FOREVER = Long.MAX_VALUE;

    private Deadlines() {
    }

    /** @return the deadline {@code timeout} from now, {@link #FOREVER} for a negative or overflowing one */
    static long after(long timeout, TimeUnit unit) {
        if (timeout < 0) {
            return FOREVER;
        }
        long n = unit.toNanos(timeout);
        long now = System.nanoTime();
        return n >= FOREVER / 4 || n >= FOREVER - now ? FOREVER : now + n;
    }
}
