package io.multiprocessing4j.internal.spawn;

/**
 * When each phase of a worker's start ended, in epoch microseconds (see
 * {@link io.multiprocessing4j.internal.wire.EpochMicros}); the worker's own stamps travel in its
 * {@code HELLO} frame. A spare's stamps describe its start in the background, not a hand-off.
 *
 * @param exec      the parent is about to start the process
 * @param spawned   the process exists ({@code ProcessBuilder.start()} returned)
 * @param main      the worker JVM reached {@code WorkerMain.main}
 * @param hello     the worker opened its pipes and sent {@code HELLO}
 * @param connected the parent checked the worker's token: the worker is ready for work
 */
public record StartupStamps(long exec, long spawned, long main, long hello, long connected) {
}
