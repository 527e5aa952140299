package io.multiprocessing4j.cli.bench.scenarios;

import io.multiprocessing4j.cli.bench.BenchContext;
import io.multiprocessing4j.cli.bench.BenchRecord;
import io.multiprocessing4j.cli.bench.Scenario;

import java.util.List;

/**
 * Runs one shared-memory scenario without the bench command and prints its records, one a line
 * (no CPython side): {@code ShmScenariosMain counter-lock|lock-pingpong|shm-sum|barrier [quick]}.
 * A stop-gap until {@code mp4j bench --scenario NAME} runs them.
 */
public final class ShmScenariosMain {
    private ShmScenariosMain() {
    }

    public static void main(String[] args) throws Exception {
        boolean quick = args.length > 1 && args[1].equals("quick");
        BenchContext ctx = new BenchContext() {
            @Override
            public boolean quick() {
                return quick;
            }

            @Override
            public int workers() {
                return 2;
            }

            @Override
            public void record(BenchRecord r) {
                System.out.printf("%-14s %-16s %-26s %12.4f %s %s%n", r.scenario(), r.variant(), r.metric(), r.value(),
                        r.unit(), r.params());
            }

            @Override
            public boolean python() {
                return false;
            }

            @Override
            public List<BenchRecord> runPython(String scenario, List<String> a) {
                return List.of();
            }
        };
        Scenario s = switch (args[0]) {
            case "counter-lock" -> new CounterLockScenario();
            case "lock-pingpong" -> new LockPingPongScenario();
            case "shm-sum" -> new ShmSumScenario();
            case "barrier" -> new BarrierScenario();
            default -> throw new IllegalArgumentException("unknown scenario " + args[0]);
        };
        s.run(ctx);
        System.exit(0);
    }
}
