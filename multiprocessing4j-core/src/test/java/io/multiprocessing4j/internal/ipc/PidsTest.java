package io.multiprocessing4j.internal.ipc;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

@Timeout(value = 60, unit = TimeUnit.SECONDS)
class PidsTest {

    @Test
    void thisProcessIsAliveWhateverStartTimeIsAsked() {
        assertThat(Pids.isAlive(Pids.SELF)).isTrue();
        assertThat(Pids.isAlive(Pids.SELF, 1)).isTrue();
    }

    @Test
    void noPidOrANegativeOneIsNeverAlive() {
        assertThat(Pids.isAlive(0)).isFalse();
        assertThat(Pids.isAlive(-5)).isFalse();
    }

    @Test
    void aLiveChildIsAliveWithItsStartTimeButNotWithAnotherOne() throws Exception {
        Process p = new ProcessBuilder("sleep", "30").start();
        try {
            long start = Pids.startMillis(p.toHandle());
            assertThat(Pids.isAlive(p.pid())).isTrue();
            assertThat(Pids.isAlive(p.pid(), start)).isTrue();
            // the same pid recorded for a process that started an hour earlier: a recycled pid
            assertThat(Pids.isAlive(p.pid(), start - 3_600_000)).isFalse();
        } finally {
            p.destroyForcibly();
            p.waitFor();
        }
    }

    @Test
    void aProcessThatExitedAndWasReapedIsDead() throws Exception {
        Process p = new ProcessBuilder("true").start();
        p.waitFor();
        assertThat(Pids.isAlive(p.pid())).isFalse();
    }
}
