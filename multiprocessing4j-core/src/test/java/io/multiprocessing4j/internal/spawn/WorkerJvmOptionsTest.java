package io.multiprocessing4j.internal.spawn;

import org.junit.jupiter.api.Test;

import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

class WorkerJvmOptionsTest {
    @Test
    void workersCompileLaterUnlessTheCallerChoseTheScaling() {
        assertThat(JavaCommand.baseOptions(List.of()))
                .contains("-XX:CompileThresholdScaling=" + JavaCommand.DEFAULT_COMPILE_THRESHOLD_SCALING);
        assertThat(JavaCommand.baseOptions(List.of("-XX:CompileThresholdScaling=1")))
                .noneMatch(o -> o.startsWith("-XX:CompileThresholdScaling="));
    }

    @Test
    void aScalingOfOneLeavesTheJvmDefault() {
        String before = System.getProperty("mp4j.worker.compileThresholdScaling");
        System.setProperty("mp4j.worker.compileThresholdScaling", "1");
        try {
            assertThat(JavaCommand.baseOptions(List.of())).noneMatch(o -> o.startsWith("-XX:CompileThresholdScaling="));
        } finally {
            if (before == null) {
                System.clearProperty("mp4j.worker.compileThresholdScaling");
            } else {
                System.setProperty("mp4j.worker.compileThresholdScaling", before);
            }
        }
    }

    @Test
    void aScalingThatIsNoPositiveNumberIsRefusedNamingTheProperty() {
        String before = System.getProperty("mp4j.worker.compileThresholdScaling");
        try {
            for (String bad : List.of("fast", "0", "-2")) {
                System.setProperty("mp4j.worker.compileThresholdScaling", bad);
                org.assertj.core.api.Assertions.assertThatThrownBy(() -> JavaCommand.baseOptions(List.of()))
                        .isInstanceOf(IllegalArgumentException.class)
                        .hasMessageContaining("-Dmp4j.worker.compileThresholdScaling=" + bad)
                        .hasMessageContaining("positive number");
            }
        } finally {
            if (before == null) {
                System.clearProperty("mp4j.worker.compileThresholdScaling");
            } else {
                System.setProperty("mp4j.worker.compileThresholdScaling", before);
            }
        }
    }
}
