package io.multiprocessing4j.pool;

import io.multiprocessing4j.MpContext;
import io.multiprocessing4j.Multiprocessing;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** What a builder hands the implementation: one immutable record, defaults resolved. No pool is started here. */
class PoolOptionsTest {
    private static final MpContext THREAD = Multiprocessing.context("thread");

    @Test
    void theDefaultContextAndWorkerCountAreResolvedByTheBuilder() {
        PoolOptions o = Pool.builder().options();
        assertThat(o.context()).isSameAs(Multiprocessing.context());
        assertThat(o.workers()).isEqualTo(Multiprocessing.cpuCount());
        assertThat(o.timeoutGrace()).isEqualTo(Duration.ofSeconds(1));
        assertThat(o.retryPolicy()).isEqualTo(RetryPolicy.none());
        assertThat(o.dashboardPort()).isEqualTo(-1);
    }

    @Test
    void everySettingOfTheBuilderReachesTheRecord() {
        ProgressListener listener = p -> { };
        PoolOptions o = Pool.builder().context(THREAD).workers(3).initializer(x -> { }, "arg").maxTasksPerChild(7)
                .maxWorkerMemory(1 << 20).taskTimeout(Duration.ofSeconds(5)).timeoutGrace(Duration.ofMillis(10))
                .idleTimeout(Duration.ofMinutes(1)).retryPolicy(RetryPolicy.retries(2)).jvmOptions("-Xmx64m")
                .progressListener(listener).workerNamePrefix("W").workerState(() -> "s").workerExit(s -> s)
                .dashboard(0).options();
        assertThat(o.context()).isSameAs(THREAD);
        assertThat(o.workers()).isEqualTo(3);
        assertThat(o.initializer()).isNull();
        assertThat(o.initializerWithArg()).isNotNull();
        assertThat(o.initializerArgument()).isEqualTo("arg");
        assertThat(o.maxTasksPerChild()).isEqualTo(7);
        assertThat(o.maxWorkerMemoryBytes()).isEqualTo(1 << 20);
        assertThat(o.taskTimeout()).isEqualTo(Duration.ofSeconds(5));
        assertThat(o.timeoutGrace()).isEqualTo(Duration.ofMillis(10));
        assertThat(o.idleTimeout()).isEqualTo(Duration.ofMinutes(1));
        assertThat(o.retryPolicy().maxRetries()).isEqualTo(2);
        assertThat(o.jvmOptions()).containsExactly("-Xmx64m");
        assertThat(o.progressListener()).isSameAs(listener);
        assertThat(o.namePrefix()).isEqualTo("W");
        assertThat(o.workerState()).isNotNull();
        assertThat(o.workerExit()).isNotNull();
        assertThat(o.dashboardPort()).isZero();
    }

    @Test
    void changingTheBuilderLaterLeavesEarlierOptionsAlone() {
        Pool.Builder b = Pool.builder().context(THREAD).workers(2).taskTimeout(Duration.ofSeconds(1));
        PoolOptions before = b.options();
        b.workers(5).taskTimeout(Duration.ofSeconds(9)).jvmOptions("-Xss1m");
        assertThat(before.workers()).isEqualTo(2);
        assertThat(before.taskTimeout()).isEqualTo(Duration.ofSeconds(1));
        assertThat(before.jvmOptions()).isEmpty();
        assertThat(b.options().workers()).isEqualTo(5);
    }

    @Test
    void theJvmOptionsListCannotBeChangedThroughTheRecord() {
        List<String> options = new ArrayList<>(List.of("-Xmx64m"));
        PoolOptions o = new PoolOptions(THREAD, 1, null, null, null, 0, 0, null, Duration.ZERO, null, RetryPolicy.none(),
                options, null, null, null, null, -1);
        options.add("-Xss1m");
        assertThat(o.jvmOptions()).containsExactly("-Xmx64m");
        assertThatThrownBy(() -> o.jvmOptions().add("-Xss1m")).isInstanceOf(UnsupportedOperationException.class);
    }

    @Test
    void aRecordWithoutWorkersOrWithTwoInitializersIsRefused() {
        assertThatThrownBy(() -> new PoolOptions(THREAD, 0, null, null, null, 0, 0, null, Duration.ZERO, null,
                RetryPolicy.none(), List.of(), null, null, null, null, -1)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new PoolOptions(THREAD, 1, () -> { }, x -> { }, null, 0, 0, null, Duration.ZERO, null,
                RetryPolicy.none(), List.of(), null, null, null, null, -1)).isInstanceOf(IllegalArgumentException.class);
    }
}
