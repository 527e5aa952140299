package io.multiprocessing4j.connection;

import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.locks.LockSupport;

/**
 * Helpers over several connections: Python's {@code multiprocessing.connection.wait}.
 */
public final class Connections {
    private Connections() {
    }

    /**
     * Waits until at least one of {@code connections} is ready to receive (a message is waiting, or
     * its other end is closed or dead, so {@code recv} would report end of file at once).
     *
     * <p>Implementation note: each connection is polled without waiting, backing off from busy
     * polling to 1 ms naps, so a ready connection is noticed within about a millisecond once
     * the wait has gone on for a while.
     *
     * @param connections the connections to watch (readable ones)
     * @param timeout the longest wait, {@code null} for no limit
     * @return the ready connections, in the given order; empty on time-out
     * @throws IllegalArgumentException if {@code timeout} is negative or a connection cannot receive
     * @throws InterruptedException if interrupted while waiting
     */
    public static List<Connection> waitAny(List<? extends Connection> connections, Duration timeout)
            throws IOException, InterruptedException {
        Objects.requireNonNull(connections, "connections must not be null");
        if (timeout != null && timeout.isNegative()) {
            throw new IllegalArgumentException("timeout must not be negative, got " + timeout + " (null: no limit)");
        }
        for (Connection c : connections) {
            Objects.requireNonNull(c, "connections must not contain null");
            if (!c.readable()) {
                throw new IllegalArgumentException(c + " only sends: waitAny watches connections that receive");
            }
        }
        long deadline = timeout == null ? Long.MAX_VALUE : System.nanoTime() + Math.min(timeout.toNanos(), Long.MAX_VALUE / 4);
        long nap = 0;
        while (true) {
            List<Connection> ready = new ArrayList<>();
            for (Connection c : connections) {
                if (c.poll(Duration.ZERO)) {
                    ready.add(c);
                }
            }
            if (!ready.isEmpty() || (timeout != null && System.nanoTime() - deadline >= 0)) {
                return ready;
            }
            if (Thread.interrupted()) {
                throw new InterruptedException();
            }
            if (nap == 0) {
                Thread.onSpinWait();
                nap = 1_000;
            } else {
                LockSupport.parkNanos(nap);
                nap = Math.min(nap * 2, 1_000_000);
            }
        }
    }
}
