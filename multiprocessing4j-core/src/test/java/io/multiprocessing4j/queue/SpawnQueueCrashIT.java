package io.multiprocessing4j.queue;

import io.multiprocessing4j.MpContext;
import io.multiprocessing4j.Multiprocessing;
import io.multiprocessing4j.internal.ipc.ShmFile;
import io.multiprocessing4j.internal.ipc.LocalQueue;
import io.multiprocessing4j.internal.ipc.ShmQueue;
import io.multiprocessing4j.process.ChildProcess;
import io.multiprocessing4j.testing.NoLeftoverWorkers;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.ExtendWith;

import java.io.Serializable;
import java.lang.foreign.ValueLayout;
import java.util.Arrays;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Processes that die in the middle of a queue operation: the others neither hang nor read a torn
 * item.
 */
@ExtendWith(NoLeftoverWorkers.class)
@Timeout(value = 90, unit = TimeUnit.SECONDS)
class SpawnQueueCrashIT {
    private final MpContext ctx = Multiprocessing.context("spawn");

    /** An item that proves its own integrity: producer, sequence number and a derived body. */
    record Item(int producer, int seq, byte[] body) implements Serializable {
        static Item of(int producer, int seq, int size) {
            byte[] b = new byte[size];
            for (int i = 0; i < size; i++) {
                b[i] = (byte) (producer * 7 + seq * 31 + i);
            }
            return new Item(producer, seq, b);
        }

        boolean intact() {
            return Arrays.equals(body, of(producer, seq, body.length).body);
        }
    }

    static int sizeFor(int seq) {
        return seq % 5 == 0 ? 3 << 20 : 1024 + seq % 4000; // some spill into their own segment
    }

    @Test
    void holderOfTheQueueLockDyingDoesNotWedgeTheOthers() throws Exception {
        ProcessQueue<Object> q = ctx.queue();
        ProcessQueue<String> ready = ctx.queue();
        try {
            String name = q.backend.name();
            ChildProcess dier = ctx.process(() -> {
                ShmFile f = ShmFile.attach(name);
                int pid = (int) ProcessHandle.current().pid();
                boolean took = (boolean) ValueLayout.JAVA_INT.varHandle().compareAndSet(f.segment(), ShmQueue.OFF_LOCK, 0, pid);
                ready.put(took ? "holding" : "not taken");
                Runtime.getRuntime().halt(9); // dies holding the queue's lock
            }).start();
            assertThat(ready.get()).isEqualTo("holding");
            dier.join();
            q.put("after");
            assertThat(q.get()).isEqualTo("after");
            assertThat(((LocalQueue) q.backend).core().recoveries()).isEqualTo(1);
        } finally {
            q.close();
            ready.close();
        }
    }

    @Test
    void producerKilledMidPutLeavesNoTornItemAndTheOthersFinish() throws Exception {
        ProcessQueue<Object> q = ctx.queue(16);
        try {
            ChildProcess endless = ctx.process((ProcessQueue<Object> out) -> {
                for (int seq = 0; ; seq++) {
                    out.put(Item.of(1, seq, sizeFor(seq)));
                }
            }, q).start();
            ChildProcess finite = ctx.process((ProcessQueue<Object> out) -> {
                for (int seq = 0; seq < 300; seq++) {
                    out.put(Item.of(2, seq, sizeFor(seq)));
                }
                out.put("DONE");
            }, q).start();
            int lastOfEndless = -1;
            int fromFinite = 0;
            boolean killed = false;
            Object o;
            while (!"DONE".equals(o = q.get())) {
                Item it = (Item) o;
                assertThat(it.intact()).as("item %d of producer %d intact", it.seq(), it.producer()).isTrue();
                if (it.producer() == 1) {
                    assertThat(it.seq()).isEqualTo(lastOfEndless + 1);
                    lastOfEndless = it.seq();
                    if (!killed && it.seq() >= 40) {
                        endless.kill(); // while it is blocked in or between puts
                        killed = true;
                    }
                } else {
                    assertThat(it.seq()).isEqualTo(fromFinite);
                    fromFinite++;
                }
            }
            endless.join();
            finite.join();
            while ((o = q.poll()) != null) { // what the killed producer committed before dying
                Item it = (Item) o;
                assertThat(it.intact()).isTrue();
                assertThat(it.producer()).isEqualTo(1);
                assertThat(it.seq()).isEqualTo(lastOfEndless + 1);
                lastOfEndless = it.seq();
            }
            assertThat(killed).isTrue();
            assertThat(fromFinite).isEqualTo(300);
            assertThat(finite.exitCode()).isZero();
            sweepSpillsOf(endless);
        } finally {
            q.close();
        }
    }

    @Test
    void consumerKilledMidTakeLeavesTheRestWholeForTheOthers() throws Exception {
        ProcessQueue<Object> q = ctx.queue();
        ProcessQueue<String> started = ctx.queue();
        try {
            ChildProcess consumer = ctx.process(() -> {
                started.put("taking");
                while (true) {
                    Object o = q.take();
                    if (!((Item) o).intact()) {
                        System.exit(3);
                    }
                }
            }).start();
            assertThat(started.get()).isEqualTo("taking");
            int n = 400;
            for (int seq = 0; seq < n; seq++) {
                q.put(Item.of(1, seq, sizeFor(seq)));
                if (seq == 100) {
                    consumer.kill();
                }
            }
            q.put("DONE");
            consumer.join();
            int last = -1;
            Object o;
            while (!"DONE".equals(o = q.get())) {
                Item it = (Item) o;
                assertThat(it.intact()).isTrue();
                assertThat(it.seq()).isGreaterThan(last);
                last = it.seq();
            }
            assertThat(last).isEqualTo(n - 1);
            sweepSpillsOf(consumer);
        } finally {
            q.close();
            started.close();
        }
    }

    /**
     * A process killed between writing a big item's own segment and committing it leaves that
     * segment behind, named after the dead process ({@code mp4j-<pid>-*}); the resource tracker
     * removes such files. This removes the ones the killed child may have left.
     */
    private static void sweepSpillsOf(ChildProcess killed) throws java.io.IOException {
        String prefix = "mp4j-" + killed.pid() + "-";
        try (var files = java.nio.file.Files.list(ShmFile.DIR)) {
            for (var f : files.filter(f -> f.getFileName().toString().startsWith(prefix)).toList()) {
                java.nio.file.Files.deleteIfExists(f);
            }
        }
    }

}
