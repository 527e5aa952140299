package io.multiprocessing4j.internal.spawn;

import io.multiprocessing4j.MpContext;
import io.multiprocessing4j.Multiprocessing;
import io.multiprocessing4j.process.ChildProcess;
import io.multiprocessing4j.testing.ChildJvm;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.util.List;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A parent with a single virtual-thread carrier, a live warm spare, and new workers starting: the
 * spare's output copiers must not hold the carrier that admits the next worker. Runs the parent
 * as a JVM of its own, since the scheduler's size is fixed at JVM start.
 */
@Timeout(value = 150, unit = TimeUnit.SECONDS)
class OneCarrierStartIT {

    /** The parent program: a live spare, then a cold child (other options) and a warm one. */
    public static void main(String[] args) throws Exception {
        MpContext ctx = Multiprocessing.context("spawn");
        SpawnRuntime.get().spareWorkers(1);
        SpawnRuntime.get().awaitSpares();
        ChildProcess cold = ctx.process(() -> System.out.println("cold child ran"))
                .jvmOptions(List.of("-Xmx64m")).start();
        cold.join();
        ChildProcess warm = ctx.process(() -> System.out.println("warm child ran")).start();
        warm.join();
        System.out.println("exit codes " + cold.exitCode() + " " + warm.exitCode());
        System.exit(0);
    }

    @Test
    void aWorkerStartsWhileASpareIsAliveOnOneCarrier() throws Exception {
        ChildJvm.Result r = ChildJvm.run(OneCarrierStartIT.class, List.of(
                "-Djdk.virtualThreadScheduler.parallelism=1",
                "-Djdk.virtualThreadScheduler.maxPoolSize=1",
                "-Dmp4j.workerStartTimeoutSeconds=40"), List.of(), 120);
        assertThat(r.timedOut()).as("parent hung:\n" + r.output()).isFalse();
        assertThat(r.output()).contains("cold child ran", "warm child ran", "exit codes 0 0");
        assertThat(r.exitCode()).as(r.output()).isZero();
    }
}
