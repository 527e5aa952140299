package io.multiprocessing4j.pool;

import java.time.Duration;
import java.util.List;

/**
 * Where a pool's time went: per worker start-up, tasks, busy and idle time, serialization cost, and
 * the slowest tasks with a summary of their arguments. A snapshot from {@link Pool#insights()}.
 *
 * @param workers one entry per worker the pool has had, live or gone
 * @param slowestTasks the slowest items seen, slowest first (at most 10)
 * @param serializationTime time spent in this process serializing arguments and deserializing results
 */
public record PoolInsights(List<WorkerInsight> workers, List<SlowTask> slowestTasks, Duration serializationTime) {

    /**
     * One worker's figures.
     *
     * @param name the worker's name
     * @param pid its process id
     * @param startup how long it took to start and connect (zero for a warm spare's hand-over)
     * @param tasksDone items it finished
     * @param busy time spent running items
     * @param idle time alive but without work
     * @param alive whether it is still running
     */
    public record WorkerInsight(String name, long pid, Duration startup, long tasksDone, Duration busy,
                                Duration idle, boolean alive) {
    }

    /**
     * A slow item.
     *
     * @param description the call and item index
     * @param argument a short summary of the argument
     * @param duration how long it ran
     * @param worker the worker that ran it
     */
    public record SlowTask(String description, String argument, Duration duration, String worker) {
    }

    @Override
    public String toString() {
        StringBuilder sb = new StringBuilder("PoolInsights\n");
        for (WorkerInsight w : workers) {
            sb.append(String.format("  %-22s pid %-8d start %6d ms  tasks %8d  busy %8d ms  idle %8d ms%s%n",
                    w.name(), w.pid(), w.startup().toMillis(), w.tasksDone(), w.busy().toMillis(),
                    w.idle().toMillis(), w.alive() ? "" : "  (gone)"));
        }
        sb.append("  serialization in this process: ").append(serializationTime.toMillis()).append(" ms\n");
        for (SlowTask t : slowestTasks) {
            sb.append(String.format("  slow: %-30s %8.3f ms  arg=%s  on %s%n", t.description(),
                    t.duration().toNanos() / 1e6, t.argument(), t.worker()));
        }
        return sb.toString();
    }
}
