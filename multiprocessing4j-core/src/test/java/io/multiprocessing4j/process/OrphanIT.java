package io.multiprocessing4j.process;

import io.multiprocessing4j.Multiprocessing;
import io.multiprocessing4j.shared.SharedLong;
import io.multiprocessing4j.sync.ProcessEvent;
import io.multiprocessing4j.testing.NoLeftoverWorkers;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.ExtendWith;

import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/** A parent killed with SIGKILL runs no shutdown hook; its children must still go. */
@ExtendWith(NoLeftoverWorkers.class)
@Timeout(value = 90, unit = TimeUnit.SECONDS)
class OrphanIT {

    /** Runs in the middle JVM: starts a grandchild that would sleep a minute, reports its pid, waits. */
    static void middle(List<Object> handles) throws Exception {
        SharedLong grandchildPid = (SharedLong) handles.get(0);
        ProcessEvent started = (ProcessEvent) handles.get(1);
        ChildProcess g = Multiprocessing.context("spawn").process(() -> Thread.sleep(60_000)).start();
        grandchildPid.set(g.pid());
        started.set();
        g.join();
    }

    @Test
    void sigkilledParentLeavesNoChildJvmBehind() throws Exception {
        var ctx = Multiprocessing.context("spawn");
        try (SharedLong pid = ctx.sharedLong(0); ProcessEvent started = ctx.event()) {
            ChildProcess parent = ctx.process(OrphanIT::middle, List.<Object>of(pid, started)).start();
            assertThat(started.await(60, TimeUnit.SECONDS)).isTrue();
            Optional<ProcessHandle> grandchild = ProcessHandle.of(pid.get());
            assertThat(grandchild).isPresent();
            parent.kill();
            parent.join();
            assertThat(parent.exitCode()).isEqualTo(-9);
            // the grandchild's connection to its dead parent ends, and it exits by itself
            grandchild.get().onExit().get(30, TimeUnit.SECONDS);
            assertThat(grandchild.get().isAlive()).isFalse();
        }
    }
}
