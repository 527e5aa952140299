package io.multiprocessing4j.internal.ipc;

import org.junit.jupiter.api.Test;

import java.nio.file.Files;
import java.nio.file.Path;

import static org.assertj.core.api.Assertions.assertThat;

/** A queue item file whose producer was killed before the file had its header. */
class ItemFileSweepTest {

    private static long deadPid() throws Exception {
        Process p = new ProcessBuilder("true").start();
        p.waitFor();
        return p.pid();
    }

    private static Path headerless(long producer) throws Exception {
        String queue = ShmFile.PREFIX + ProcessHandle.current().pid() + "-00112233aabbccdd";
        Path p = ShmFile.pathOf(queue + ShmFile.ITEM_MARK + producer + "-" + Long.toHexString(System.nanoTime()));
        Files.write(p, new byte[16]); // created, never given its header
        return p;
    }

    @Test
    void aHeaderlessItemFileOfADeadProducerIsSweptAtOnceWhileItsQueueLives() throws Exception {
        Path p = headerless(deadPid());
        try {
            ResourceTracker.sweep();
            assertThat(p).doesNotExist();
        } finally {
            Files.deleteIfExists(p);
        }
    }

    @Test
    void aHeaderlessItemFileOfALiveProducerIsLeftAlone() throws Exception {
        Path p = headerless(ProcessHandle.current().pid());
        try {
            ResourceTracker.sweep();
            assertThat(p).exists();
        } finally {
            Files.deleteIfExists(p);
        }
    }

    @Test
    void theProducerIsReadBackFromTheName() {
        String name = ShmFile.itemName(ShmFile.PREFIX + "42-00aa");
        assertThat(ShmFile.producerOfItem(name)).isEqualTo(ProcessHandle.current().pid());
        assertThat(ShmFile.queueOfItem(name)).isEqualTo(ShmFile.PREFIX + "42-00aa");
        assertThat(ShmFile.producerOfItem(ShmFile.PREFIX + "42-00aa")).isEqualTo(-1);
    }
}
