package io.multiprocessing4j.examples;

import io.multiprocessing4j.MpContext;
import io.multiprocessing4j.Multiprocessing;
import io.multiprocessing4j.manager.Manager;
import io.multiprocessing4j.process.ChildProcess;

import java.io.PrintStream;
import java.io.Serializable;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * A dict held by a manager process, filled by several workers and read back in key order.
 *
 * <pre>
 * with Manager() as m:
 *     d = m.dict()
 *     ps = [Process(target=square_into, args=(d, i)) for i in range(5)]
 *     ...
 *     print(sorted(d.items()))
 * </pre>
 *
 * Argument: worker count (default 5).
 */
public final class ManagerDict {

    /** One worker's job: the shared dict and its key. */
    record Job(Map<Integer, Integer> dict, int key) implements Serializable {
    }

    private ManagerDict() {
    }

    public static void main(String[] args) throws Exception {
        run(System.out, args);
    }

    /** Runs the example, printing to {@code out}. */
    public static void run(PrintStream out, String... args) throws Exception {
        int n = args.length > 0 ? Integer.parseInt(args[0]) : 5;
        MpContext ctx = Multiprocessing.context();
        try (Manager m = ctx.manager()) {
            Map<Integer, Integer> d = m.dict();
            List<ChildProcess> ps = new ArrayList<>();
            for (int i = 0; i < n; i++) {
                ps.add(ctx.process(ManagerDict::squareInto, new Job(d, i)).start());
            }
            for (ChildProcess p : ps) {
                p.join();
            }
            out.println("in key order: " + new TreeMap<>(d));
        }
    }

    static void squareInto(Job job) {
        job.dict().put(job.key(), job.key() * job.key());
    }
}
