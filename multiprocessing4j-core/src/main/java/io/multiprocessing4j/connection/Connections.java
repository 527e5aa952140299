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

    /**
     * Waits until at least one of {@code objects} is ready: Python's
     * {@code multiprocessing.connection.wait(object_list, timeout)}, which also takes process
     * sentinels. Ready means:
     * <ul>
     *   <li>a {@link Connection}: a message is waiting, or its other end is gone (as in
     *       {@link #waitAny(List, Duration)});</li>
     *   <li>a {@link io.multiprocessing4j.process.ChildProcess} (Python's {@code p.sentinel}): it
     *       was started and has ended;</li>
     *   <li>a queue, such as a {@code ProcessQueue} (any {@link java.util.Collection}): it is not empty;</li>
     *   <li>a {@link java.util.concurrent.Future} (for example {@code ChildProcess.onExit()}): it is done.</li>
     * </ul>
     * A queue being ready does not reserve its item: another consumer may take it first, so take
     * with a timeout after the wait.
     *
     * @param timeout the longest wait, {@code null} for no limit
     * @param objects the objects to watch
     * @return the ready objects, in the given order; empty on time-out
     * @throws IllegalArgumentException if {@code timeout} is negative, or an object is of none of the
     *     kinds above (the message names its index), or a connection only sends
     * @throws InterruptedException if interrupted while waiting
     */
    public static List<Object> waitAny(Duration timeout, Object... objects) throws IOException, InterruptedException {
        Objects.requireNonNull(objects, "objects must not be null");
        if (timeout != null && timeout.isNegative()) {
            throw new IllegalArgumentException("timeout must not be negative, got " + timeout + " (null: no limit)");
        }
        for (int i = 0; i < objects.length; i++) {
            Object o = objects[i];
            Objects.requireNonNull(o, "objects must not contain null (index " + i + ")");
            boolean known = o instanceof Connection || o instanceof io.multiprocessing4j.process.ChildProcess
                    || o instanceof java.util.Collection<?> || o instanceof java.util.concurrent.Future<?>;
            if (!known) {
                throw new IllegalArgumentException("objects[" + i + "] is a " + o.getClass().getName()
                        + ": waitAny watches a Connection, a ChildProcess, a queue (Collection) or a Future");
            }
            if (o instanceof Connection c && !c.readable()) {
                throw new IllegalArgumentException("objects[" + i + "] " + c + " only sends: waitAny watches connections that receive");
            }
        }
        long deadline = timeout == null ? Long.MAX_VALUE : System.nanoTime() + Math.min(timeout.toNanos(), Long.MAX_VALUE / 4);
        long nap = 0;
        while (true) {
            List<Object> ready = new ArrayList<>();
            for (Object o : objects) {
                if (isReady(o)) {
                    ready.add(o);
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

    private static boolean isReady(Object o) throws IOException, InterruptedException {
        return switch (o) {
            case Connection c -> c.poll(Duration.ZERO);
            case io.multiprocessing4j.process.ChildProcess p -> p.exitCodeIfDone().isPresent();
            case java.util.Collection<?> q -> !q.isEmpty();
            case java.util.concurrent.Future<?> f -> f.isDone();
            default -> false;
        };
    }
}
