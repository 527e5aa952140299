package io.multiprocessing4j.cli.bench;

import io.multiprocessing4j.cli.bench.scenarios.FactorialScenario;
import io.multiprocessing4j.cli.bench.scenarios.SpawnManyScenario;
import io.multiprocessing4j.cli.bench.scenarios.SpawnScenario;

import java.util.List;

/**
 * Every scenario {@code mp4j bench} knows, in the order it runs them. Add yours with one line.
 */
public final class Scenarios {

    private Scenarios() {
    }

    /** @return all scenarios, in run order */
    public static List<Scenario> all() {
        return List.of(
                new SpawnScenario(),
                new SpawnManyScenario(),
                new FactorialScenario()
        );
    }
}
