package io.multiprocessing4j.internal.wire;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;

import static org.assertj.core.api.Assertions.assertThat;

@Timeout(value = 60, unit = TimeUnit.SECONDS)
class WorkerStatusWordTest {

    @Test
    void aReaderNeverSeesATornSnapshotWhileTheWriterRaces() throws Exception {
        try (Arena arena = Arena.ofShared()) {
            MemorySegment seg = arena.allocate(WorkerStatusWord.SIZE, 64);
            WorkerStatusWord writerView = new WorkerStatusWord(seg);
            WorkerStatusWord readerView = new WorkerStatusWord(seg);
            int writes = 2_000_000;
            AtomicReference<String> torn = new AtomicReference<>();
            AtomicLong consistentReads = new AtomicLong();
            Thread writer = Thread.ofPlatform().start(() -> {
                for (long i = 1; i <= writes; i++) {
                    // every field derives from i, so any mix of two writes is detectable
                    writerView.running(i, (int) (i * 3), i * 7);
                }
            });
            Thread reader = Thread.ofPlatform().start(() -> {
                while (writer.isAlive() && torn.get() == null) {
                    WorkerStatusWord.Reading r = readerView.read();
                    if (r.chunkId() == -1) {
                        continue;
                    }
                    if (r.item() != (int) (r.chunkId() * 3) || r.startNanos() != r.chunkId() * 7) {
                        torn.set(r.toString());
                    }
                    consistentReads.incrementAndGet();
                }
            });
            writer.join();
            reader.join();
            assertThat(torn.get()).as("torn snapshot").isNull();
            assertThat(consistentReads.get()).isPositive();
            assertThat(readerView.read()).isEqualTo(new WorkerStatusWord.Reading(writes, (int) (writes * 3L), writes * 7L));
        }
    }

    @Test
    void itemsOfOneChunkAreNeverPairedWithAnotherItemsStartEvenAcrossARebase() throws Exception {
        try (Arena arena = Arena.ofShared()) {
            MemorySegment seg = arena.allocate(WorkerStatusWord.SIZE, 64);
            WorkerStatusWord writerView = new WorkerStatusWord(seg);
            WorkerStatusWord readerView = new WorkerStatusWord(seg);
            int items = 2_000_000;
            long step = 1_500; // 2 M items span 3 s: the base moves past the 2^31 ns an item word holds
            AtomicReference<String> torn = new AtomicReference<>();
            AtomicLong consistentReads = new AtomicLong();
            Thread writer = Thread.ofPlatform().start(() -> {
                for (int i = 0; i < items; i++) {
                    writerView.running(42, i, 1_000 + i * step);
                }
            });
            Thread reader = Thread.ofPlatform().start(() -> {
                while (writer.isAlive() && torn.get() == null) {
                    WorkerStatusWord.Reading r = readerView.read();
                    if (r.chunkId() == -1) {
                        continue;
                    }
                    if (r.chunkId() != 42 || r.startNanos() != 1_000 + r.item() * step) {
                        torn.set(r.toString());
                    }
                    consistentReads.incrementAndGet();
                }
            });
            writer.join();
            reader.join();
            assertThat(torn.get()).as("torn snapshot").isNull();
            assertThat(consistentReads.get()).isPositive();
            assertThat(readerView.read()).isEqualTo(new WorkerStatusWord.Reading(42, items - 1, 1_000 + (items - 1) * step));
        }
    }

    @Test
    void anItemThatStartsLongAfterItsChunkKeepsItsExactStart() {
        try (Arena arena = Arena.ofConfined()) {
            WorkerStatusWord word = new WorkerStatusWord(arena.allocate(WorkerStatusWord.SIZE, 64));
            word.running(7, 0, 1_000);
            word.running(7, 1, 1_000 + WorkerStatusWord.MAX_OFFSET_NANOS);
            assertThat(word.read()).isEqualTo(new WorkerStatusWord.Reading(7, 1, 1_000 + WorkerStatusWord.MAX_OFFSET_NANOS));
            word.running(7, 2, 1_000 + 5 * WorkerStatusWord.MAX_OFFSET_NANOS);
            assertThat(word.read()).isEqualTo(new WorkerStatusWord.Reading(7, 2, 1_000 + 5 * WorkerStatusWord.MAX_OFFSET_NANOS));
            word.running(7, 3, 999); // a clock read before the base: a new base, not a negative offset
            assertThat(word.read()).isEqualTo(new WorkerStatusWord.Reading(7, 3, 999));
        }
    }

    @Test
    void anIdleWordAndAWriterThatDiedMidUpdateBothReadAsIdle() {
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment seg = arena.allocate(WorkerStatusWord.SIZE, 64);
            WorkerStatusWord word = new WorkerStatusWord(seg);
            assertThat(word.read()).isEqualTo(WorkerStatusWord.Reading.IDLE);
            word.running(5, 2, 99);
            assertThat(word.read()).isEqualTo(new WorkerStatusWord.Reading(5, 2, 99));
            word.idle();
            assertThat(word.read()).isEqualTo(WorkerStatusWord.Reading.IDLE);
            // a writer killed between its two sequence updates leaves the sequence odd
            seg.set(ValueLayout.JAVA_INT, 0, seg.get(ValueLayout.JAVA_INT, 0) + 1);
            assertThat(word.read()).isEqualTo(WorkerStatusWord.Reading.IDLE);
        }
    }
}
