package io.multiprocessing4j.process;

import io.multiprocessing4j.MpContext;
import io.multiprocessing4j.Multiprocessing;
import io.multiprocessing4j.sync.ProcessEvent;
import io.multiprocessing4j.testing.ChildJvm;
import io.multiprocessing4j.testing.NoLeftoverWorkers;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.ExtendWith;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * Many live children at once. Each child has two output copiers; while they were virtual threads
 * blocked in pipe reads, every live child held two carriers, and once the scheduler's carriers
 * (256 at most) were all held, about 128 live children, the parent deadlocked for good.
 *
 * <p>What it needs. A child JVM costs about 40-50 MB of RAM (started here with a small heap and
 * C1 only) and a few hundred milliseconds of CPU to start, so 300 children need about 15 GB and
 * minutes of CPU on 2 cores: too much for CI. The CI test therefore runs the parent in a JVM of its
 * own whose carrier pool is capped at 8 ({@code -Djdk.virtualThreadScheduler.maxPoolSize=8}), which
 * moves the old failure point down to about 4 children, and starts 12. The machine-sized run is
 * opt-in: {@code -Dmp4j.test.children=N} in the test JVM starts
 * {@code min(N, MemAvailable / 60 MB)} children in the test JVM itself, with the default scheduler:
 * <pre>
 * ./mvnw -B -pl multiprocessing4j-core -am verify -Dit.test=ManyChildrenIT -Dtest=none -Dsurefire.failIfNoSpecifiedTests=false -Dfailsafe.failIfNoSpecifiedTests=false \
 *     -Dmp4j.test.jvm.args="--enable-native-access=ALL-UNNAMED -Dmp4j.test.children=300"
 * </pre>
 * Both print the wall time.
 */
@ExtendWith(NoLeftoverWorkers.class)
@Timeout(value = 3600, unit = TimeUnit.SECONDS)
class ManyChildrenIT {
    private static final long BYTES_PER_CHILD = 60L << 20;

    /** The parent program of the CI test: starts {@code args[0]} children. */
    public static void main(String[] args) throws Exception {
        int n = startAndJoin(Integer.parseInt(args[0]));
        System.out.println("joined " + n);
        System.exit(0);
    }

    @Test
    void moreLiveChildrenThanCarriersAllStartAndJoin() throws Exception {
        ChildJvm.Result r = ChildJvm.run(ManyChildrenIT.class, List.of(
                "-Djdk.virtualThreadScheduler.parallelism=2",
                "-Djdk.virtualThreadScheduler.maxPoolSize=8",
                "-Dmp4j.workerStartTimeoutSeconds=60"), List.of("12"), 240);
        System.out.println(r.output());
        assertThat(r.timedOut()).as("parent hung:\n" + r.output()).isFalse();
        assertThat(r.output()).contains("joined 12");
        assertThat(r.exitCode()).as(r.output()).isZero();
    }

    @Test
    void asManyLiveChildrenAsTheMachineHoldsAllStartAndJoin() throws Exception {
        Integer wanted = Integer.getInteger("mp4j.test.children");
        assumeTrue(wanted != null, "opt-in: -Dmp4j.test.children=N in the test JVM");
        int n = (int) Math.max(4, Math.min(wanted, memAvailable() / BYTES_PER_CHILD));
        assertThat(startAndJoin(n)).isEqualTo(n);
    }

    /** Starts {@code n} children that stay alive until all have started, then joins them all. */
    static int startAndJoin(int n) throws Exception {
        MpContext ctx = Multiprocessing.context("spawn");
        List<ChildProcess> children = new ArrayList<>();
        long t0 = System.nanoTime();
        try (ProcessEvent go = ctx.event(); ExecutorService starters = Executors.newFixedThreadPool(3)) {
            List<Future<ChildProcess>> started = new ArrayList<>();
            for (int i = 0; i < n; i++) {
                started.add(starters.submit(() -> ctx.process((ProcessEvent ev) -> {
                            if (!ev.await(1800, TimeUnit.SECONDS)) {
                                System.exit(3);
                            }
                        }, go)
                        .jvmOptions("-Xmx32m", "-XX:TieredStopAtLevel=1", "-Xss512k")
                        .start()));
            }
            try {
                for (Future<ChildProcess> f : started) {
                    children.add(f.get(1800, TimeUnit.SECONDS));
                }
            } finally {
                long startedAt = System.nanoTime();
                go.set();
                for (ChildProcess c : children) {
                    assertThat(c.join(java.time.Duration.ofSeconds(300))).isTrue();
                }
                System.out.printf("%d children alive at once: started in %.1f s, joined %.1f s later, %.1f s in all%n",
                        children.size(), (startedAt - t0) / 1e9, (System.nanoTime() - startedAt) / 1e9,
                        (System.nanoTime() - t0) / 1e9);
            }
        }
        assertThat(children).allSatisfy(c -> assertThat(c.exitCode()).isZero());
        return children.size();
    }

    private static long memAvailable() throws IOException {
        for (String line : Files.readAllLines(Path.of("/proc/meminfo"))) {
            if (line.startsWith("MemAvailable:")) {
                return Long.parseLong(line.replaceAll("[^0-9]", "")) * 1024;
            }
        }
        return Runtime.getRuntime().maxMemory();
    }
}
