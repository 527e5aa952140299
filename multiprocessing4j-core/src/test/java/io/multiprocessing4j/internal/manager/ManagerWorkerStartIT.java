package io.multiprocessing4j.internal.manager;

import io.multiprocessing4j.Multiprocessing;
import io.multiprocessing4j.MpContext;
import io.multiprocessing4j.testing.NoLeftoverWorkers;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.ExtendWith;

import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.channels.ServerSocketChannel;
import java.util.List;
import java.util.Set;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** Starting a manager worker: the parent finds the server by its socket, and spares warm the path up. */
@ExtendWith(NoLeftoverWorkers.class)
@Timeout(value = 120, unit = TimeUnit.SECONDS)
class ManagerWorkerStartIT {
    private static final MpContext SPAWN = Multiprocessing.context("spawn");

    @Test
    void aManagerProcessThatExitsBeforeItListensIsReportedWithItsExitCode() {
        assertThatThrownBy(() -> Managers.startInWorker((target, spec) -> SPAWN.process(s -> System.exit(3), spec)))
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("exited with code 3")
                .hasMessageContaining("before it was ready");
    }

    @Test
    void aManagerProcessThatDiesAfterItBindsIsReportedWithItsExitCode() {
        assertThatThrownBy(() -> Managers.startInWorker((target, spec) -> SPAWN.process(s -> {
            ServerSocketChannel.open(StandardProtocolFamily.UNIX).bind(UnixDomainSocketAddress.of(s.socket()));
            System.exit(4);
        }, spec)))
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("exited with code 4");
    }

    @Test
    void warmingUpTheWorkerPathLeavesNoManagerThreadBehind() throws InterruptedException {
        Set<Thread> before = Set.copyOf(managerThreads());
        Managers.warmUpWorkerPath();
        List<Thread> started = managerThreads().stream().filter(t -> !before.contains(t)).toList();
        for (Thread t : started) {
            t.join(TimeUnit.SECONDS.toMillis(20));
        }
        assertThat(started).noneMatch(Thread::isAlive);
    }

    private static List<Thread> managerThreads() {
        return Thread.getAllStackTraces().keySet().stream()
                .filter(t -> t.getName().startsWith("mp4j-manager"))
                .toList();
    }
}
