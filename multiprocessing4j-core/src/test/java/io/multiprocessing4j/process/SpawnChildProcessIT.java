package io.multiprocessing4j.process;

import io.multiprocessing4j.Multiprocessing;
import io.multiprocessing4j.MpContext;
import io.multiprocessing4j.spi.SerializationException;
import org.junit.jupiter.api.Test;

import java.io.Serializable;
import java.net.Socket;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The contract in the spawn context, plus what only real processes can do. */
class SpawnChildProcessIT extends ChildProcessContract {
    @Override
    MpContext context() {
        return Multiprocessing.context("spawn");
    }

    @Test
    void joinReturnsWhileTheCommonPoolIsBlockedByTheCaller() throws Exception {
        int threads = java.util.concurrent.ForkJoinPool.getCommonPoolParallelism();
        java.util.concurrent.CountDownLatch release = new java.util.concurrent.CountDownLatch(1);
        java.util.concurrent.CountDownLatch blocked = new java.util.concurrent.CountDownLatch(threads);
        for (int i = 0; i < threads; i++) {
            java.util.concurrent.CompletableFuture.runAsync(() -> {
                blocked.countDown();
                try {
                    release.await();
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            });
        }
        try {
            // every pool thread we could get is now blocked (another test may hold one: that is fine too)
            blocked.await(30, java.util.concurrent.TimeUnit.SECONDS);
            ChildProcess p = context().process(() -> { }).start();
            assertThat(p.join(java.time.Duration.ofSeconds(60))).as("join while the common pool is busy").isTrue();
            assertThat(p.exitCode()).isZero();
        } finally {
            release.countDown();
        }
    }

    @Test
    void systemExitStatusBecomesTheExitCode() throws Exception {
        ChildProcess p = context().process(() -> System.exit(7)).start();
        p.join();
        assertThat(p.exitCode()).isEqualTo(7);
    }

    @Test
    void aReturnedTargetsNonDaemonThreadsFinishAndItsHooksRunBeforeJoinReturns() throws Exception {
        // as in Python, the child waits for the threads the target left running, then runs its hooks
        try (io.multiprocessing4j.shared.SharedInt seen = context().sharedInt(0)) {
            ChildProcess p = context().process((io.multiprocessing4j.shared.SharedInt v) -> {
                Runtime.getRuntime().addShutdownHook(new Thread(() -> v.addAndGet(10)));
                Thread late = new Thread(() -> {
                    try {
                        Thread.sleep(300);
                    } catch (InterruptedException e) {
                        return;
                    }
                    v.compareAndSet(0, 1);
                });
                late.setDaemon(false);
                late.start();
            }, seen).start();
            assertThat(p.join(java.time.Duration.ofSeconds(60))).isTrue();
            assertThat(p.exitCode()).isZero();
            assertThat(seen.get()).as("the thread finished (1), then the hook ran (+10)").isEqualTo(11);
        }
    }

    @Test
    void aShutdownHookThatHangsDoesNotKeepAReturnedTargetsJvmAlive() throws Exception {
        ChildProcess p = context().process(() -> Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            try {
                new java.util.concurrent.CountDownLatch(1).await();
            } catch (InterruptedException e) {
                // ends with the JVM
            }
        }))).start();
        assertThat(p.join(java.time.Duration.ofSeconds(60))).isTrue();
        assertThat(p.exitCode()).isZero();
        // the worker's watchdog halts the JVM a few seconds after its hooks began
        ProcessHandle.of(p.pid()).ifPresent(h -> h.onExit().orTimeout(60, java.util.concurrent.TimeUnit.SECONDS).join());
    }

    @Test
    void aSystemExitFromAThreadLeftRunningAfterTheTargetReturnedGivesItsStatus() throws Exception {
        ChildProcess p = context().process(() -> {
            Thread late = new Thread(() -> {
                try {
                    Thread.sleep(200);
                } catch (InterruptedException e) {
                    return;
                }
                System.exit(9);
            });
            late.setDaemon(false);
            late.start();
        }).start();
        assertThat(p.join(java.time.Duration.ofSeconds(60))).isTrue();
        assertThat(p.exitCode()).isEqualTo(9);
    }

    @Test
    void runtimeHaltStatusBecomesTheExitCode() throws Exception {
        ChildProcess p = context().process(() -> Runtime.getRuntime().halt(42)).start();
        p.join();
        assertThat(p.exitCode()).isEqualTo(42);
    }

    @Test
    void childRunsInAnotherJvm() throws Exception {
        long myPid = ProcessHandle.current().pid();
        ChildProcess p = context().process((Long parentPid) -> {
            if (ProcessHandle.current().pid() == parentPid) {
                System.exit(3);
            }
        }, myPid).start();
        p.join();
        assertThat(p.exitCode()).isZero();
        assertThat(p.pid()).isNotEqualTo(myPid);
    }

    static final class Holder implements Serializable {
        private static final long serialVersionUID = 1L;
        @SuppressWarnings("serial")
        final Socket socket = new Socket();
    }

    @Test
    void nonSerializableCaptureFailsAtStartWithTheFieldPath() {
        Holder h = new Holder();
        ChildProcess p = context().process(() -> System.out.println(h.socket));
        assertThatThrownBy(p::start)
                .isInstanceOf(SerializationException.class)
                .hasMessageContaining("captured arg$1 -> Holder.socket (java.net.Socket is not Serializable)");
        assertThat(p.isAlive()).isFalse();
    }

    @Test
    void nonSerializableArgumentFailsAtStart() {
        ChildProcess p = context().process((Object o) -> { }, new Object());
        assertThatThrownBy(p::start)
                .isInstanceOf(SerializationException.class)
                .hasMessageContaining("java.lang.Object is not Serializable");
    }

    @Test
    void environmentAndJvmOptionsReachTheChild() throws Exception {
        ChildProcess p = context().process(() -> {
            if (!"42".equals(System.getenv("MP4J_TEST_VAR")) || !"yes".equals(System.getProperty("mp4j.test.prop"))) {
                System.exit(5);
            }
        }).environment(Map.of("MP4J_TEST_VAR", "42")).jvmOptions("-Dmp4j.test.prop=yes").start();
        p.join();
        assertThat(p.exitCode()).isZero();
    }

    @Test
    void outOfMemoryInTheChildGivesExitCodeOne() throws Exception {
        ChildProcess p = context().process(() -> {
            java.util.List<long[]> hog = new java.util.ArrayList<>();
            while (true) {
                hog.add(new long[1 << 20]);
            }
        }).jvmOptions("-Xmx32m").start();
        p.join();
        assertThat(p.exitCode()).isEqualTo(1);
    }
}
