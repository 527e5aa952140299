package io.multiprocessing4j.cli.bench;

import io.multiprocessing4j.cli.bench.scenarios.BarrierScenario;
import io.multiprocessing4j.cli.bench.scenarios.BatchingScenario;
import io.multiprocessing4j.cli.bench.scenarios.ClusterScenario;
import io.multiprocessing4j.cli.bench.scenarios.CounterLockScenario;
import io.multiprocessing4j.cli.bench.scenarios.FactorialScenario;
import io.multiprocessing4j.cli.bench.scenarios.JShellScenario;
import io.multiprocessing4j.cli.bench.scenarios.LockPingPongScenario;
import io.multiprocessing4j.cli.bench.scenarios.ManagerComputeScenario;
import io.multiprocessing4j.cli.bench.scenarios.ManagerDictScenario;
import io.multiprocessing4j.cli.bench.scenarios.ManagerStartScenario;
import io.multiprocessing4j.cli.bench.scenarios.ManagerTlsScenario;
import io.multiprocessing4j.cli.bench.scenarios.PerfectScenario;
import io.multiprocessing4j.cli.bench.scenarios.Pipe1mScenario;
import io.multiprocessing4j.cli.bench.scenarios.PipePingPongScenario;
import io.multiprocessing4j.cli.bench.scenarios.PoolScenarios;
import io.multiprocessing4j.cli.bench.scenarios.ProducerConsumerScenario;
import io.multiprocessing4j.cli.bench.scenarios.Queue1kScenario;
import io.multiprocessing4j.cli.bench.scenarios.Queue1mScenario;
import io.multiprocessing4j.cli.bench.scenarios.QueueMpmcScenario;
import io.multiprocessing4j.cli.bench.scenarios.QueueSmallScenario;
import io.multiprocessing4j.cli.bench.scenarios.ShmSumScenario;
import io.multiprocessing4j.cli.bench.scenarios.SleepScenario;
import io.multiprocessing4j.cli.bench.scenarios.SpawnManyScenario;
import io.multiprocessing4j.cli.bench.scenarios.SpawnScenario;
import io.multiprocessing4j.cli.bench.scenarios.SqrtScenario;

import java.util.ArrayList;
import java.util.List;

/**
 * Every scenario {@code mp4j bench} knows, in the order it runs them. Add yours with one line.
 */
public final class Scenarios {

    private Scenarios() {
    }

    /** @return all scenarios, in run order */
    public static List<Scenario> all() {
        List<Scenario> all = new ArrayList<>();
        // the showcase: what `mp4j bench` runs with no --scenario
        all.add(new SpawnScenario());
        all.add(new SpawnManyScenario());
        all.add(new PerfectScenario());
        all.add(new SqrtScenario());
        all.add(new FactorialScenario());
        all.add(new SleepScenario());
        all.add(new BatchingScenario());
        // pools
        all.addAll(PoolScenarios.all());
        // locks and shared memory
        all.add(new CounterLockScenario());
        all.add(new LockPingPongScenario());
        all.add(new ShmSumScenario());
        all.add(new BarrierScenario());
        // queues and pipes
        all.add(new QueueSmallScenario());
        all.add(new Queue1kScenario());
        all.add(new Queue1mScenario());
        all.add(new QueueMpmcScenario());
        all.add(new ProducerConsumerScenario());
        all.add(new PipePingPongScenario());
        all.add(new Pipe1mScenario());
        // manager
        all.add(new ManagerStartScenario());
        all.add(new ManagerDictScenario());
        all.add(new ManagerComputeScenario());
        all.add(new ManagerTlsScenario());
        // code the workers' class path lacks
        all.add(new JShellScenario());
        all.add(new ClusterScenario());
        return List.copyOf(all);
    }
}
