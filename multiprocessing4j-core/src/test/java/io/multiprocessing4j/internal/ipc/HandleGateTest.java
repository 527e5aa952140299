package io.multiprocessing4j.internal.ipc;

import org.junit.jupiter.api.Test;

import java.util.concurrent.atomic.AtomicBoolean;

import static org.assertj.core.api.Assertions.assertThat;

class HandleGateTest {

    @Test
    void anOperationThatLeavesDuringTheClosersWakeDoesNotUnmapTheMemoryUnderTheCloser() throws Exception {
        ShmFile file = ShmFile.create(ShmFile.newName(), 64);
        HandleGate gate = new HandleGate(file, 0, false, () -> { });
        assertThat(gate.enter()).isTrue(); // a taker blocked in the queue
        AtomicBoolean openAfterTheTakerLeft = new AtomicBoolean();
        gate.close(() -> {
            gate.leave(); // the first wake lets the taker go; it leaves a closed handle
            openAfterTheTakerLeft.set(file.isOpen()); // the closer still wakes others here
        }, 1, () -> { });
        assertThat(openAfterTheTakerLeft).as("mapped while the closer used it").isTrue();
        assertThat(file.isOpen()).as("unmapped once the last one left").isFalse();
        assertThat(gate.enter()).isFalse();
    }

    @Test
    void aCloseWithNothingRunningUnmapsAtOnceAndOnlyOnce() throws Exception {
        ShmFile file = ShmFile.create(ShmFile.newName(), 64);
        HandleGate gate = new HandleGate(file, 0, false, () -> { });
        gate.close(() -> { }, 1, () -> { });
        assertThat(file.isOpen()).isFalse();
        gate.close(() -> { throw new AssertionError("closed twice"); }, 1, () -> { });
    }
}
