package io.multiprocessing4j.cli.bench;

import io.multiprocessing4j.Multiprocessing;
import io.multiprocessing4j.cli.bench.scenarios.NoLeftoverSpares;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A default-size run of {@code perfect}, {@code factorial} and {@code sleep} (CPython included when
 * {@code python3} is on the PATH) shows no suspect figure. Takes minutes and wants a quiet machine,
 * so it is tagged {@code slow} and left out of {@code ./mvnw verify}; run it with
 * {@code ./mvnw -B -pl multiprocessing4j-cli -am verify -Pbench-selfcheck -Dit.test=DefaultSizeSelfCheckIT
 * -Dtest=none -Dsurefire.failIfNoSpecifiedTests=false -Dfailsafe.failIfNoSpecifiedTests=false}.
 */
@Tag("slow")
class DefaultSizeSelfCheckIT {

    @Test
    void perfectFactorialAndSleepAtDefaultSizeShowNoSuspectFigure() throws Exception {
        BenchCommand.Run run = new BenchCommand.Run(false, Multiprocessing.cpuCount(),
                PythonRunner.onPath("python3") ? new PythonRunner("python3") : null);
        for (Scenario s : Scenarios.all()) {
            if (List.of("perfect", "factorial", "sleep").contains(s.name())) {
                s.run(run);
            }
        }
        NoLeftoverSpares.stop();
        List<SelfCheck.Suspect> suspects = SelfCheck.check(run.records(), Multiprocessing.cpuCount());
        assertThat(suspects).as("suspect figures").isEmpty();
    }
}
