package io.multiprocessing4j.process;

import java.time.Duration;

/**
 * Where the time of a child process went, from {@code start()} to the end of {@code join()}:
 * what {@code mp4j info --startup} prints, and a way to see why a start is slow.
 *
 * <p>The phases follow each other: {@code launch} (the parent starts the JVM process),
 * {@code boot} (the JVM starts until the worker's {@code main}), {@code connect} (the worker opens
 * its pipes to the parent and both sides check each other's token), {@code assign} (the target is
 * sent, decoded and deserialized until it runs), {@code task} (the target runs) and {@code exit}
 * (the worker flushes its output and runs its shutdown hooks until {@code join()} sees the end).
 * For a child handed to a warm spare, the first three are zero: the spare did them beforehand.
 * Times come from one wall clock shared by both processes, to the microsecond.
 *
 * <p>Immutable and thread-safe.
 *
 * @param spare   whether a warm spare ran the child
 * @param launch  {@code start()} until the process existed
 * @param boot    process started until the worker's {@code main} ran
 * @param connect {@code main} until the parent accepted the worker
 * @param assign  accepted (or, for a spare, {@code start()}) until the target ran
 * @param task    the target's own run
 * @param exit    the target returned until the parent knew the exit code, output copied
 */
public record StartupTimeline(boolean spare, Duration launch, Duration boot, Duration connect, Duration assign,
                              Duration task, Duration exit) {

    /** @return from {@code start()} to the end of {@code join()} */
    public Duration total() {
        return launch.plus(boot).plus(connect).plus(assign).plus(task).plus(exit);
    }

    /** Builds a timeline from phases in microseconds (negative values, from clock steps, become zero). */
    public static StartupTimeline of(boolean spare, long launchMicros, long bootMicros, long connectMicros,
                                     long assignMicros, long taskMicros, long exitMicros) {
        return new StartupTimeline(spare, micros(launchMicros), micros(bootMicros), micros(connectMicros),
                micros(assignMicros), micros(taskMicros), micros(exitMicros));
    }

    private static Duration micros(long us) {
        return Duration.ofNanos(Math.max(0, us) * 1_000);
    }
}
