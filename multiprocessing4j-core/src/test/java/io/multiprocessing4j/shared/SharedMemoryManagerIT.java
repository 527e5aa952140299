package io.multiprocessing4j.shared;

import io.multiprocessing4j.Multiprocessing;
import io.multiprocessing4j.process.ChildProcess;
import io.multiprocessing4j.testing.NoLeftoverWorkers;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.ExtendWith;

import java.lang.foreign.ValueLayout;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

@ExtendWith(NoLeftoverWorkers.class)
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class SharedMemoryManagerIT {

    @Test
    void blocksLiveUntilTheManagerClosesThenAreUnlinked() throws Exception {
        List<String> names;
        try (SharedMemoryManager smm = new SharedMemoryManager()) {
            SharedMemory block = smm.sharedMemory(4096);
            ShareableList list = smm.shareableList(List.of(1, 2.5, "three"));
            ChildProcess child = Multiprocessing.context("spawn").process((String name) -> {
                try (SharedMemory m = SharedMemory.attach(name)) {
                    m.segment().set(ValueLayout.JAVA_LONG, 0, 42L);
                }
            }, block.name()).start();
            child.join();
            assertThat(child.exitCode()).isZero();
            assertThat(block.segment().get(ValueLayout.JAVA_LONG, 0)).isEqualTo(42L);
            assertThat(list.get(2)).isEqualTo("three");
            names = smm.names();
            assertThat(names).hasSize(2);
        }
        for (String n : names) {
            assertThat(Files.exists(Path.of("/dev/shm", n))).as(n).isFalse();
        }
    }

    @Test
    void aClosedManagerRefusesNewBlocks() {
        SharedMemoryManager smm = new SharedMemoryManager();
        smm.shutdown();
        assertThatThrownBy(() -> smm.sharedMemory(16)).isInstanceOf(IllegalStateException.class).hasMessageContaining("closed");
        smm.close();
    }
}
