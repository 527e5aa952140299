package io.multiprocessing4j.queue;

import io.multiprocessing4j.MpContext;
import io.multiprocessing4j.Multiprocessing;
import io.multiprocessing4j.internal.shm.ResourceTracker;
import io.multiprocessing4j.internal.shm.ShmFile;
import io.multiprocessing4j.process.ChildProcess;
import io.multiprocessing4j.sync.ProcessEvent;
import io.multiprocessing4j.testing.NoLeftoverWorkers;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.ExtendWith;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Items over the inline limit (2 MiB) live in files of their own, which outlive their producer.
 * Files nobody will read are swept like any segment: those of a queue whose users all died, and
 * those a producer wrote but died before committing. A committed item of a live queue stays.
 */
@ExtendWith(NoLeftoverWorkers.class)
@Timeout(value = 180, unit = TimeUnit.SECONDS)
class QueueItemFilesIT {
    private static final int BIG = 3 << 20;
    private static final long SWEPT_WITHIN_NANOS = TimeUnit.SECONDS.toNanos(10);

    private final MpContext ctx = Multiprocessing.context("spawn");

    @Test
    void itemFilesOfAQueueWhoseUsersAllDiedAreSwept() throws Exception {
        Set<Path> before = itemFiles();
        try (ProcessEvent ready = ctx.event()) { // also makes this process a sweeper
            ChildProcess p = ctx.process((ProcessEvent r) -> {
                ProcessQueue<byte[]> q = ProcessQueue.create(0);
                q.put(new byte[BIG]);
                q.put(new byte[BIG]);
                r.set();
                Thread.sleep(600_000);
            }, ready).start();
            assertThat(ready.await(120, TimeUnit.SECONDS)).isTrue();
            Set<Path> made = minus(itemFiles(), before);
            assertThat(made).hasSize(2);
            p.kill();
            p.join();
            assertThat(awaitGone(made)).as("item files left").isEmpty();
        }
    }

    @Test
    void anItemFileWhoseProducerDiedBeforeCommittingIsSwept() throws Exception {
        Set<Path> before = itemFiles();
        ProcessQueue<Object> q = ctx.queue(1);
        try {
            q.put("small"); // full: the big put below waits with its file written but not committed
            ChildProcess p = ctx.process((ProcessQueue<Object> qq) -> qq.put(new byte[BIG]), q).start();
            Set<Path> made = Set.of();
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(120);
            while (made.isEmpty() && System.nanoTime() < deadline) {
                made = minus(itemFiles(), before);
                Thread.sleep(20); // waiting for a file another process creates: no event to wait on
            }
            assertThat(made).hasSize(1);
            // the file exists from its open; the producer is waiting for room only once its header
            // (magic written last) is there: kill it then, not in the middle of creating the file
            Path item = made.iterator().next();
            while (!headerWritten(item) && System.nanoTime() < deadline) {
                Thread.sleep(20); // another process's write: no event to wait on
            }
            p.kill();
            p.join();
            assertThat(awaitGone(made)).as("uncommitted item file left").isEmpty();
            assertThat(q.get()).isEqualTo("small");
            assertThat(q.empty()).isTrue();
        } finally {
            q.close();
        }
    }

    @Test
    void aCommittedItemOutlivesItsKilledProducerAndAnySweep() throws Exception {
        ProcessQueue<byte[]> q = ctx.queue();
        try (ProcessEvent ready = ctx.event()) {
            ChildProcess p = ctx.process((List<Object> a) -> {
                @SuppressWarnings("unchecked")
                ProcessQueue<byte[]> qq = (ProcessQueue<byte[]>) a.get(0);
                byte[] item = new byte[BIG];
                item[BIG - 1] = 9;
                qq.put(item);
                ((ProcessEvent) a.get(1)).set();
                Thread.sleep(600_000);
            }, List.<Object>of(q, ready)).start();
            assertThat(ready.await(120, TimeUnit.SECONDS)).isTrue();
            p.kill();
            p.join();
            ResourceTracker.sweep();
            ResourceTracker.sweep();
            byte[] got = q.get(true, java.time.Duration.ofSeconds(30));
            assertThat(got).hasSize(BIG);
            assertThat(got[BIG - 1]).isEqualTo((byte) 9);
        } finally {
            q.close();
        }
    }

    private static Set<Path> awaitGone(Set<Path> files) throws InterruptedException {
        long start = System.nanoTime();
        Set<Path> left = files;
        while (!left.isEmpty() && System.nanoTime() - start < SWEPT_WITHIN_NANOS) {
            Thread.sleep(50); // waiting for another process's sweep: no event to wait on
            left = left.stream().filter(Files::exists).collect(Collectors.toSet());
        }
        return left;
    }

    /** Whether the file's header magic ("MP4JSHM1", written last at creation) is there. */
    private static boolean headerWritten(Path file) throws IOException {
        try (var ch = java.nio.channels.FileChannel.open(file, java.nio.file.StandardOpenOption.READ)) {
            java.nio.ByteBuffer b = java.nio.ByteBuffer.allocate(8).order(java.nio.ByteOrder.LITTLE_ENDIAN);
            return ch.read(b, 0) == 8 && b.getLong(0) == 0x314D48534A34504DL;
        } catch (java.nio.file.NoSuchFileException e) {
            return false;
        }
    }

    private static Set<Path> minus(Set<Path> a, Set<Path> b) {
        return a.stream().filter(x -> !b.contains(x)).collect(Collectors.toSet());
    }

    private static Set<Path> itemFiles() throws IOException {
        try (Stream<Path> s = Files.list(ShmFile.DIR)) {
            return s.filter(p -> p.getFileName().toString().contains("-item-")).collect(Collectors.toSet());
        }
    }
}
