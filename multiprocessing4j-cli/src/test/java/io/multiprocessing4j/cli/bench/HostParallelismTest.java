package io.multiprocessing4j.cli.bench;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class HostParallelismTest {

    @Test
    void aHostThatGivesTwoCpusOneCoresPaceIsCalledShared() {
        assertThat(HostParallelism.describe("at the start", 1.02, 2))
                .contains("1.02x").contains("2 CPUs").contains("share cores");
    }

    @Test
    void aHostThatGivesEachCpuItsOwnPaceIsNotCalledShared() {
        assertThat(HostParallelism.describe("at the end", 1.95, 2)).contains("1.95x").doesNotContain("share");
        assertThat(HostParallelism.describe("at the end", 1.0, 1)).doesNotContain("share");
    }

    @Test
    void theMeasureIsAPositiveShareOfTheCpuCount() throws Exception {
        double p = HostParallelism.measure(2);
        assertThat(p).isPositive().isLessThan(4.0); // no timing claim: only that it is a sane ratio
    }
}
