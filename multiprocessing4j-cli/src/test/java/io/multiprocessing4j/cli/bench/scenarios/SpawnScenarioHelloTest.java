package io.multiprocessing4j.cli.bench.scenarios;

import org.junit.jupiter.api.Test;

import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

class SpawnScenarioHelloTest {

    @Test
    void helloKeepsTheWorkersJvmFlagsAndReplacesItsMainClass() {
        List<String> worker = List.of("/jdk/bin/java", "-XX:+UseSerialGC", "-XX:AOTCache=/c/w.aot", "-Dx=y",
                "-cp", "/a.jar:/b.jar", "io.multiprocessing4j.internal.worker.WorkerMain", "--arg");
        assertThat(SpawnScenario.helloFrom(worker, "/b.jar")).containsExactly("/jdk/bin/java", "-XX:+UseSerialGC",
                "-XX:AOTCache=/c/w.aot", "-Dx=y", "-cp", "/a.jar:/b.jar", JavaHello.class.getName());
    }

    @Test
    void aModularWorkerGetsTheHelloClassOnTheClassPath() {
        List<String> worker = List.of("/jdk/bin/java", "-Xshare:auto", "--module-path", "/m", "--add-modules",
                "ALL-MODULE-PATH", "-m", "io.multiprocessing4j/io.multiprocessing4j.internal.worker.WorkerMain");
        assertThat(SpawnScenario.helloFrom(worker, "/cli.jar")).containsExactly("/jdk/bin/java", "-Xshare:auto",
                "--module-path", "/m", "--add-modules", "ALL-MODULE-PATH", "-cp", "/cli.jar", JavaHello.class.getName());
    }
}
