package io.multiprocessing4j.internal.ipc;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The attach table's handle counts: what a queue or a pipe end asks when it checks for holders. */
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class AttachTableHoldersTest {

    private static long deadPid() throws Exception {
        Process p = new ProcessBuilder("true").start();
        p.waitFor();
        return p.pid();
    }

    @Test
    void aRoleIsHeldWhileThisProcessCountsAHandleOfIt() throws Exception {
        ShmFile f = Handles.create(64);
        try {
            assertThat(f.held(0, true)).isFalse();
            f.hold(1);
            assertThat(f.held(1, true)).isTrue();
            assertThat(f.held(0, true)).as("the other role").isFalse();
            f.hold(1);
            f.unhold(1);
            assertThat(f.held(1, true)).isTrue();
            f.unhold(1);
            assertThat(f.held(1, true)).isFalse();
        } finally {
            Handles.release(f);
        }
    }

    @Test
    void aProcessThatFoundTheTableFullCountsUntilItDetaches() {
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment h = arena.allocate(Header.SIZE, 8);
            for (int i = 0; i < Header.SLOTS; i++) {
                // every slot held by a live process (this one, as a test stands in for many)
                Header.LONG.setVolatile(h, Header.slotPid(i), Pids.SELF);
                Header.LONG.setVolatile(h, Header.slotStart(i), Pids.SELF_START);
            }
            int slot = Header.claimSlot(h);
            assertThat(slot).isEqualTo(-1);
            assertThat(Header.unslottedProcesses(h)).isEqualTo(1);
            for (int i = 0; i < Header.SLOTS; i++) {
                Header.clearSlot(h, i);
            }
            assertThat(Header.anyLive(h)).isFalse();
            assertThat(Header.unslottedProcesses(h)).as("still attached without a slot").isEqualTo(1);
            Header.clearSlot(h, slot);
            assertThat(Header.unslottedProcesses(h)).as("detached: the file may go").isZero();
        }
    }

    @Test
    void aHandleInFlightToAnotherProcessCountsUntilItArrives() throws Exception {
        ShmFile f = Handles.create(64);
        try {
            f.sending(0);
            assertThat(f.held(0, true)).isTrue();
            f.arrived(0);
            assertThat(f.held(0, true)).isFalse();
        } finally {
            Handles.release(f);
        }
    }

    @Test
    void aDeadProcesssHandlesDoNotCountWhenLivenessIsCheckedAndItsSlotIsReclaimedClean() throws Exception {
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment h = arena.allocate(Header.SIZE, 8);
            int dead = 0;
            Header.LONG.setVolatile(h, Header.slotPid(dead), deadPid());
            Header.addHandles(h, dead, 0, 3); // a holder that was killed with three handles open
            assertThat(Header.held(h, 0, false)).as("trusting the counts").isTrue();
            assertThat(Header.held(h, 0, true)).as("checking liveness").isFalse();
            Header.anyLive(h); // clears the dead process's slot
            int mine = Header.claimSlot(h);
            assertThat(mine).isEqualTo(dead);
            assertThat(Header.held(h, 0, false)).as("the reclaimed slot starts at zero").isFalse();
        }
    }

    @Test
    void onlyTwoRolesExist() throws Exception {
        ShmFile f = Handles.create(64);
        try {
            assertThatThrownBy(() -> f.hold(2)).isInstanceOf(IllegalArgumentException.class).hasMessageContaining("role");
        } finally {
            Handles.release(f);
        }
    }
}
