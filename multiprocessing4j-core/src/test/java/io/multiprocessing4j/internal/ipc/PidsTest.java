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
            long start = Pids.startOf(p.pid());
            assertThat(Pids.isAlive(p.pid())).isTrue();
            assertThat(Pids.isAlive(p.pid(), start)).isTrue();
            // the same pid recorded for a process that started a second (or an hour) earlier: a recycled pid
            long earlier = (start & Pids.TICKS) != 0 ? start - 100 : start - 3_600_000;
            assertThat(Pids.isAlive(p.pid(), earlier)).isFalse();
        } finally {
            p.destroyForcibly();
            p.waitFor();
        }
    }

    @Test
    void aStartIsRecordedInTicksSinceBootSoAStepOfTheWallClockCannotMakeALiveProcessLookDead() throws Exception {
        org.junit.jupiter.api.Assumptions.assumeTrue(java.nio.file.Files.isDirectory(java.nio.file.Path.of("/proc/self")));
        // the JDK's start instant moves with the boot time /proc/stat gives, which a clock step moves;
        // the tick count since boot does not
        assertThat(Pids.SELF_START & Pids.TICKS).isNotZero();
        String stat = java.nio.file.Files.readString(java.nio.file.Path.of("/proc/self/stat"));
        long ticks = Long.parseLong(stat.substring(stat.lastIndexOf(')') + 2).split(" ")[19]);
        assertThat(Pids.SELF_START).isEqualTo(ticks | Pids.TICKS);
        Process p = new ProcessBuilder("sleep", "30").start();
        try {
            assertThat(Pids.startOf(p.pid())).isEqualTo(Pids.startOf(p.pid())).isNotEqualTo(Pids.SELF_START);
        } finally {
            p.destroyForcibly();
            p.waitFor();
        }
    }

    @Test
    void startsOfDifferentKindsCannotBeComparedAndCountAsTheSame() {
        long ticks = 12_345 | Pids.TICKS;
        assertThat(Pids.sameStart(ticks, ticks)).isTrue();
        assertThat(Pids.sameStart(ticks, ticks + 1)).isFalse();
        assertThat(Pids.sameStart(1_700_000_000_000L, 1_700_000_000_400L)).isTrue();
        assertThat(Pids.sameStart(1_700_000_000_000L, 1_700_000_002_000L)).isFalse();
        assertThat(Pids.sameStart(ticks, 1_700_000_000_000L)).isTrue();
        assertThat(Pids.sameStart(0, ticks)).isTrue();
    }

    @Test
    void aProcessThatExitedAndWasReapedIsDead() throws Exception {
        Process p = new ProcessBuilder("true").start();
        p.waitFor();
        assertThat(Pids.isAlive(p.pid())).isFalse();
    }
}
