package io.multiprocessing4j.cluster;

import io.multiprocessing4j.MpContext;
import io.multiprocessing4j.Multiprocessing;
import io.multiprocessing4j.process.ChildProcess;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** Child processes as jobs on the nodes, the lookup by name, and the types a cluster does not offer. */
class ClusterProcessIT {
    static ClusterContext ctx;

    @BeforeAll
    static void startCluster() {
        ctx = SharedCluster.context();
    }

    @Test
    void theClusterContextIsFoundByNameThroughServiceLoader() {
        MpContext found = Multiprocessing.context("cluster");
        assertThat(found).isSameAs(ctx);
        assertThat(found.name()).isEqualTo("cluster");
        assertThat(Multiprocessing.contextNames()).contains("spawn", "thread", "cluster");
        assertThat(ctx.serverCount()).isEqualTo(2);
    }

    @Test
    void aProcessThatReturnsExitsWithZeroAndRunsOnANode() throws Exception {
        long caller = ProcessHandle.current().pid();
        ChildProcess p = ctx.process((Long c) -> {
            if (ProcessHandle.current().pid() == c) {
                throw new IllegalStateException("ran in the caller's JVM");
            }
        }, caller).name("worker-1").start();
        p.join();
        assertThat(p.exitCode()).isZero();
        assertThat(p.isAlive()).isFalse();
        assertThat(p.pid() >>> 32).as("the node's topology order").isPositive();
        assertThat(((io.multiprocessing4j.cluster.internal.ClusterChildProcess) p).node()).isNotNull();
    }

    @Test
    void aProcessWithAnArgumentSeesIt() throws Exception {
        ChildProcess p = ctx.process((String s) -> {
            if (!s.equals("hello")) {
                throw new IllegalStateException(s);
            }
        }, "hello").start();
        assertThat(p.join(Duration.ofSeconds(60))).isTrue();
        assertThat(p.exitCode()).isZero();
    }

    @Test
    void anUncaughtExceptionGivesExitCodeOne() throws Exception {
        ChildProcess p = ctx.process(() -> {
            throw new IllegalStateException("boom");
        }).start();
        p.join();
        assertThat(p.exitCode()).isEqualTo(1);
    }

    @Test
    void killCancelsTheJobWithExitCodeMinusNine() throws Exception {
        ChildProcess p = ctx.process(() -> Thread.sleep(600_000)).start();
        assertThat(p.join(Duration.ofMillis(200))).isFalse();
        assertThat(p.isAlive()).isTrue();
        assertThat(ctx.activeChildren()).contains(p);
        p.kill();
        p.join();
        assertThat(p.exitCode()).isEqualTo(-9);
        ChildProcess q = ctx.process(() -> Thread.sleep(600_000)).start();
        q.terminate();
        q.join();
        assertThat(q.exitCode()).isEqualTo(-15);
    }

    @Test
    void startingTwiceIsRefused() throws Exception {
        ChildProcess p = ctx.process(() -> { }).start();
        assertThatThrownBy(p::start).isInstanceOf(IllegalStateException.class);
        p.join();
    }

    @Test
    void typesThatLiveInOneMachinesMemoryAreRefusedNamingTheAlternative() {
        assertThatThrownBy(() -> ctx.sharedMemory(1024)).isInstanceOf(UnsupportedOperationException.class)
                .hasMessageContaining("SharedMemory").hasMessageContaining("IgniteCache");
        assertThatThrownBy(() -> ctx.pipe(true)).isInstanceOf(UnsupportedOperationException.class)
                .hasMessageContaining("Pipe").hasMessageContaining("Instead");
        assertThatThrownBy(() -> ctx.sharedIntArray(4)).isInstanceOf(UnsupportedOperationException.class)
                .hasMessageContaining("SharedIntArray").hasMessageContaining("IgniteCache");
        assertThatThrownBy(ctx::condition).isInstanceOf(UnsupportedOperationException.class)
                .hasMessageContaining("condition()").hasMessageContaining("ProcessEvent");
        assertThatThrownBy(() -> ctx.manager().list()).isInstanceOf(UnsupportedOperationException.class)
                .hasMessageContaining("list()").hasMessageContaining("dict()");
        assertThatThrownBy(() -> ctx.sharedFloat(1f)).isInstanceOf(UnsupportedOperationException.class)
                .hasMessageContaining("SharedFloat").hasMessageContaining("IgniteCache");
        assertThatThrownBy(() -> ctx.sharedCharArray("abc")).isInstanceOf(UnsupportedOperationException.class)
                .hasMessageContaining("SharedCharArray").hasMessageContaining("IgniteCache");
        assertThatThrownBy(() -> ctx.sharedStruct(java.lang.foreign.MemoryLayout.structLayout(
                java.lang.foreign.ValueLayout.JAVA_INT.withName("x")))).isInstanceOf(UnsupportedOperationException.class)
                .hasMessageContaining("SharedStruct");
        assertThatThrownBy(() -> ctx.sharedRecord(new Point(1, 2))).isInstanceOf(UnsupportedOperationException.class)
                .hasMessageContaining("SharedRecord");
    }

    record Point(int x, int y) {
    }

    @Test
    void jvmOptionsCannotApplyToAJobAndSaySo() {
        assertThatThrownBy(() -> ctx.process(() -> { }).jvmOptions(List.of("-Xmx1g")))
                .isInstanceOf(UnsupportedOperationException.class).hasMessageContaining("running node");
    }
}
