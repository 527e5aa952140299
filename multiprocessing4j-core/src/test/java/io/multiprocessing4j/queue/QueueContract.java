package io.multiprocessing4j.queue;

import io.multiprocessing4j.MpContext;
import io.multiprocessing4j.process.ChildProcess;
import io.multiprocessing4j.spi.SerializationException;
import io.multiprocessing4j.testing.NoLeftoverWorkers;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.ExtendWith;

import java.io.Serializable;
import java.net.Socket;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** What every context's queues must do. */
@ExtendWith(NoLeftoverWorkers.class)
@Timeout(value = 60, unit = TimeUnit.SECONDS)
abstract class QueueContract {
    static final String DONE = "DONE";

    abstract MpContext context();

    @Test
    void itemsComeOutInTheOrderTheyWentIn() throws Exception {
        try (var h = new Closer()) {
            ProcessQueue<Object> q = h.add(context().queue());
            q.put(1);
            q.put("two");
            q.put(List.of(3, 4));
            assertThat(q.qsize()).isEqualTo(3);
            assertThat(q.get()).isEqualTo(1);
            assertThat(q.take()).isEqualTo("two");
            assertThat(q.poll(1, TimeUnit.SECONDS)).isEqualTo(List.of(3, 4));
            assertThat(q.empty()).isTrue();
            assertThat(q.poll()).isNull();
        }
    }

    @Test
    void childProducesUntilSentinelAndParentConsumesEverything() throws Exception {
        try (var h = new Closer()) {
            ProcessQueue<Object> q = h.add(context().queue());
            ChildProcess p = context().process((ProcessQueue<Object> out) -> {
                for (int i = 0; i < 5000; i++) {
                    out.put(i);
                }
                out.put(DONE);
            }, q).start();
            long sum = 0;
            int n = 0;
            for (Object o = q.get(); !DONE.equals(o); o = q.get()) {
                sum += (Integer) o;
                n++;
            }
            p.join();
            assertThat(p.exitCode()).isZero();
            assertThat(n).isEqualTo(5000);
            assertThat(sum).isEqualTo(4999L * 5000 / 2);
        }
    }

    @Test
    void largeItemPutByAChildThatIsJoinedFirstArrivesWhole() throws Exception {
        // CPython deadlocks here (issue 73983): the child cannot exit until the item is read
        try (var h = new Closer()) {
            ProcessQueue<byte[]> q = h.add(context().queue());
            ChildProcess p = context().process((ProcessQueue<byte[]> out) -> out.put(pattern(24 << 20, 7)), q).start();
            p.join();
            assertThat(p.exitCode()).isZero();
            assertThat(q.get()).isEqualTo(pattern(24 << 20, 7));
        }
    }

    @Test
    void boundedQueueRefusesWhenFull() throws Exception {
        try (var h = new Closer()) {
            ProcessQueue<Integer> q = h.add(context().queue(2));
            assertThat(q.offer(1)).isTrue();
            q.put(2);
            assertThat(q.full()).isTrue();
            assertThat(q.offer(3)).isFalse();
            assertThat(q.remainingCapacity()).isZero();
            assertThatThrownBy(() -> q.put(3, true, Duration.ofMillis(50))).isInstanceOf(QueueFullException.class);
            assertThatThrownBy(() -> q.putNowait(3)).isInstanceOf(QueueFullException.class);
            assertThatThrownBy(() -> q.add(3)).isInstanceOf(IllegalStateException.class);
            assertThat(q.get()).isEqualTo(1);
            assertThat(q.offer(3)).isTrue();
            assertThat(List.of(q.get(), q.get())).containsExactly(2, 3);
        }
    }

    @Test
    void fullBoundedQueueBlocksAProducerUntilAConsumerTakes() throws Exception {
        try (var h = new Closer()) {
            ProcessQueue<Integer> q = h.add(context().queue(1));
            ChildProcess p = context().process((ProcessQueue<Integer> out) -> {
                for (int i = 0; i < 200; i++) {
                    out.put(i);
                }
            }, q).start();
            List<Integer> got = new ArrayList<>();
            for (int i = 0; i < 200; i++) {
                got.add(q.get());
                assertThat(q.qsize()).isLessThanOrEqualTo(1);
            }
            p.join();
            assertThat(p.exitCode()).isZero();
            assertThat(got).isEqualTo(java.util.stream.IntStream.range(0, 200).boxed().toList());
        }
    }

    @Test
    void emptyQueueTimesOutWithQueueEmpty() throws Exception {
        try (var h = new Closer()) {
            ProcessQueue<Integer> q = h.add(context().queue());
            assertThatThrownBy(() -> q.get(true, Duration.ofMillis(30))).isInstanceOf(QueueEmptyException.class);
            assertThatThrownBy(() -> q.get(false, null)).isInstanceOf(QueueEmptyException.class);
            assertThatThrownBy(q::getNowait).isInstanceOf(QueueEmptyException.class);
            assertThat(q.poll(10, TimeUnit.MILLISECONDS)).isNull();
        }
    }

    @Test
    void badInputGetsClearErrors() throws Exception {
        try (var h = new Closer()) {
            ProcessQueue<Object> q = h.add(context().queue());
            assertThatThrownBy(() -> q.put(null)).isInstanceOf(NullPointerException.class).hasMessageContaining("sentinel");
            assertThatThrownBy(() -> q.offer(null)).isInstanceOf(NullPointerException.class);
            assertThatThrownBy(() -> q.put(new Holder())).isInstanceOf(SerializationException.class)
                    .hasMessageContaining("Holder.socket");
            assertThatThrownBy(() -> q.get(true, Duration.ofMillis(-1))).isInstanceOf(IllegalArgumentException.class)
                    .hasMessageContaining("negative");
            assertThatThrownBy(() -> context().queue(-1)).isInstanceOf(IllegalArgumentException.class)
                    .hasMessageContaining("maxsize");
            assertThatThrownBy(q::iterator).isInstanceOf(UnsupportedOperationException.class);
            assertThat(q.empty()).isTrue();
            ProcessQueue<byte[]> small = h.add(ProcessQueue.create(0, 1000, 1 << 16));
            assertThatThrownBy(() -> small.put(new byte[2000])).isInstanceOf(IllegalArgumentException.class)
                    .hasMessageContaining("maximum of 1000 bytes");
        }
    }

    static final class Holder implements Serializable {
        private static final long serialVersionUID = 1L;
        @SuppressWarnings("serial")
        final Socket socket = new Socket();
    }

    @Test
    void closedHandleRefusesUseAndWakesABlockedTaker() throws Exception {
        ProcessQueue<Integer> q = context().queue();
        CompletableFuture<Throwable> blocked = CompletableFuture.supplyAsync(() -> {
            try {
                q.take();
                return null;
            } catch (Throwable t) {
                return t;
            }
        });
        // whether the close lands before or during the take, the take must end with QueueClosedException
        q.close();
        assertThat(blocked.get(10, TimeUnit.SECONDS)).isInstanceOf(QueueClosedException.class);
        assertThatThrownBy(() -> q.put(1)).isInstanceOf(QueueClosedException.class);
        assertThatThrownBy(q::get).isInstanceOf(QueueClosedException.class);
        assertThatThrownBy(q::qsize).isInstanceOf(QueueClosedException.class);
        q.close(); // idempotent
        q.joinThread();
    }

    @Test
    void tryWithResourcesClosesTheHandle() throws Exception {
        ProcessQueue<Integer> outer;
        try (ProcessQueue<Integer> q = context().queue(); JoinableProcessQueue<Integer> j = context().joinableQueue();
             SimpleProcessQueue<Integer> s = context().simpleQueue()) {
            q.put(1);
            j.put(2);
            s.put(3);
            assertThat(q.take() + j.take() + s.take()).isEqualTo(6);
            outer = q;
            assertThat(j.isClosed()).isFalse();
        }
        assertThat(outer.isClosed()).isTrue();
        assertThatThrownBy(() -> outer.put(1)).isInstanceOf(QueueClosedException.class);
    }

    @Test
    void joinableQueueJoinsWhenEveryTaskIsDone() throws Exception {
        try (var h = new Closer()) {
            JoinableProcessQueue<Integer> q = h.add(context().joinableQueue());
            for (int i = 0; i < 50; i++) {
                q.put(i);
            }
            ChildProcess worker = context().process((JoinableProcessQueue<Integer> in) -> {
                for (int i = 0; i < 50; i++) {
                    in.get();
                    in.taskDone();
                }
            }, q).start();
            q.join();
            assertThat(q.unfinishedTasks()).isZero();
            worker.join();
            assertThat(worker.exitCode()).isZero();
            assertThatThrownBy(q::taskDone).isInstanceOf(IllegalStateException.class).hasMessageContaining("more times");
            assertThat(q.join(Duration.ZERO)).isTrue();
            q.put(1);
            assertThat(q.join(Duration.ofMillis(20))).isFalse();
            q.get();
            q.taskDone();
        }
    }

    @Test
    void simpleQueuePassesItemsBothWays() throws Exception {
        try (var h = new Closer()) {
            SimpleProcessQueue<String> in = h.add(context().simpleQueue());
            SimpleProcessQueue<String> out = h.add(context().simpleQueue());
            ChildProcess p = context().process(() -> {
                for (String s = in.get(); !s.equals(DONE); s = in.get()) {
                    out.put(s.toUpperCase());
                }
            }).start();
            in.put("a");
            in.put("b");
            in.put(DONE);
            assertThat(List.of(out.get(), out.get())).containsExactly("A", "B");
            p.join();
            assertThat(p.exitCode()).isZero();
            assertThat(out.empty()).isTrue();
        }
    }

    @Test
    void manyProducersAndManyConsumersLoseNothing() throws Exception {
        try (var h = new Closer()) {
            ProcessQueue<Object> work = h.add(context().queue(64));
            ProcessQueue<long[]> results = h.add(context().queue());
            int perProducer = 3000;
            List<ChildProcess> ps = new ArrayList<>();
            for (int k = 0; k < 2; k++) {
                int base = k * perProducer;
                ps.add(context().process(() -> {
                    for (int i = 0; i < perProducer; i++) {
                        work.put(base + i);
                    }
                }).start());
            }
            for (int k = 0; k < 2; k++) {
                ps.add(context().process(() -> {
                    long n = 0;
                    long sum = 0;
                    for (Object o = work.get(); !DONE.equals(o); o = work.get()) {
                        n++;
                        sum += (Integer) o;
                    }
                    results.put(new long[] {n, sum});
                }).start());
            }
            ps.get(0).join();
            ps.get(1).join();
            work.put(DONE);
            work.put(DONE);
            long n = 0;
            long sum = 0;
            for (int k = 0; k < 2; k++) {
                long[] r = results.get();
                n += r[0];
                sum += r[1];
            }
            for (ChildProcess p : ps) {
                p.join();
                assertThat(p.exitCode()).isZero();
            }
            int total = 2 * perProducer;
            assertThat(n).isEqualTo(total);
            assertThat(sum).isEqualTo((long) (total - 1) * total / 2);
        }
    }

    static byte[] pattern(int size, int seed) {
        byte[] b = new byte[size];
        for (int i = 0; i < size; i++) {
            b[i] = (byte) (i * 31 + seed);
        }
        return b;
    }

    /** Closes the queues a test made, even when it fails. */
    static final class Closer implements AutoCloseable {
        private final List<ProcessQueue<?>> queues = new ArrayList<>();

        <Q extends ProcessQueue<?>> Q add(Q q) {
            queues.add(q);
            return q;
        }

        @Override
        public void close() {
            queues.forEach(ProcessQueue::close);
        }
    }
}
