package io.multiprocessing4j.examples;

import io.multiprocessing4j.MpContext;
import io.multiprocessing4j.Multiprocessing;
import io.multiprocessing4j.manager.JoinableQueueProxy;
import io.multiprocessing4j.manager.Manager;
import io.multiprocessing4j.pool.Pool;
import io.multiprocessing4j.process.ChildProcess;

import java.io.PrintStream;
import java.io.Serializable;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.BiFunction;

/**
 * A manager's objects used from pool tasks and processes: a registered object of your own, a dict
 * updated atomically on the manager, a log list, and a joinable queue drained by a consumer.
 *
 * <pre>
 * class MyManager(BaseManager): pass
 * MyManager.register("counter", lambda: COUNTER)
 * with MyManager() as m:
 *     counter, totals, log, q = m.counter(), m.dict(), m.list(), m.JoinableQueue()
 *     with Pool(2) as pool:
 *         pool.map(work, [(counter, totals, log, i) for i in range(1, n + 1)])
 *     Process(target=consume, args=(q,)).start(); ...; q.join()
 * </pre>
 *
 * Argument: number of tasks (default 20).
 */
public final class ManagerSharedObjects {

    /** The interface proxies of the registered object implement. */
    public interface Counter {
        int increment();

        int get();
    }

    /** Lives in the manager's process; every proxy calls this one instance. */
    static final class SimpleCounter implements Counter {
        private int n;

        @Override
        public synchronized int increment() {
            return ++n;
        }

        @Override
        public synchronized int get() {
            return n;
        }
    }

    private static final SimpleCounter COUNTER = new SimpleCounter();

    /** One task: the proxies travel inside it and reconnect in the worker. */
    record Task(Counter counter, Map<String, Integer> totals, List<String> log, int id) implements Serializable {
    }

    private ManagerSharedObjects() {
    }

    public static void main(String[] args) throws Exception {
        run(System.out, args);
    }

    /** Runs the example, printing to {@code out}. */
    public static void run(PrintStream out, String... args) throws Exception {
        int n = args.length > 0 ? Integer.parseInt(args[0]) : 20;
        MpContext ctx = Multiprocessing.context();
        try (Manager m = ctx.manager()) {
            m.register("counter", () -> COUNTER, Counter.class);
            Counter counter = m.get("counter", Counter.class);
            Map<String, Integer> totals = m.dict();
            List<String> log = m.list();

            List<Task> tasks = new ArrayList<>();
            for (int i = 1; i <= n; i++) {
                tasks.add(new Task(counter, totals, log, i));
            }
            try (Pool pool = ctx.pool(2)) {
                pool.map(ManagerSharedObjects::work, tasks);
            }
            out.println("counter: " + counter.get() + " of " + n);
            out.println("sum of ids: " + totals.get("sum") + " (expected " + n * (n + 1) / 2 + ")");
            out.println("log lines: " + log.size());

            JoinableQueueProxy<Integer> queue = m.joinableQueue();
            ChildProcess consumer = ctx.process(ManagerSharedObjects::consume, queue).start();
            for (int i = 0; i < n; i++) {
                queue.put(i);
            }
            queue.put(-1);
            queue.join(); // every item marked done by the consumer
            consumer.join();
            out.println("queue drained, consumer exit code " + consumer.exitCode());
        }
    }

    static int work(Task t) {
        t.counter().increment();
        // runs on the manager, atomically: the function is serializable (an intersection cast)
        t.totals().merge("sum", t.id(), (BiFunction<Integer, Integer, Integer> & Serializable) Integer::sum);
        t.log().add("task " + t.id() + " ran in " + Multiprocessing.currentProcess().name());
        return t.id();
    }

    static void consume(JoinableQueueProxy<Integer> queue) throws InterruptedException {
        while (true) {
            int item = queue.take();
            queue.taskDone();
            if (item < 0) {
                return;
            }
        }
    }
}
