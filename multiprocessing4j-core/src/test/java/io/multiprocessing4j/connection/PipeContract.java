package io.multiprocessing4j.connection;

import io.multiprocessing4j.MpContext;
import io.multiprocessing4j.process.ChildProcess;
import io.multiprocessing4j.spi.SerializationException;
import io.multiprocessing4j.testing.NoLeftoverWorkers;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.ExtendWith;

import java.io.EOFException;
import java.io.Serializable;
import java.net.Socket;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** What every context's pipes must do. */
@ExtendWith(NoLeftoverWorkers.class)
@Timeout(value = 60, unit = TimeUnit.SECONDS)
abstract class PipeContract {

    abstract MpContext context();

    @Test
    void duplexEndsSendAndReceiveBothWays() throws Exception {
        try (Pipe p = context().pipe(true)) {
            p.left().send("hello");
            p.right().send(List.of(1, 2));
            assertThat(p.right().recv()).isEqualTo("hello");
            assertThat(p.left().recv()).isEqualTo(List.of(1, 2));
            assertThat(p.left().readable() && p.left().writable()).isTrue();
        }
    }

    @Test
    void childAnswersOverThePipe() throws Exception {
        try (Pipe p = context().pipe(true)) {
            ChildProcess child = context().process((Connection c) -> {
                for (Object o = c.recv(); !"stop".equals(o); o = c.recv()) {
                    c.send(((Integer) o) * 2);
                }
                c.close();
            }, p.right()).start();
            for (int i = 0; i < 100; i++) {
                p.left().send(i);
                assertThat(p.left().recv()).isEqualTo(i * 2);
            }
            p.left().send("stop");
            child.join();
            assertThat(child.exitCode()).isZero();
        }
    }

    @Test
    void bytesTravelAsTheyAreAndBufferTooShortKeepsTheMessage() throws Exception {
        try (Pipe p = context().pipe(true)) {
            p.left().sendBytes(new byte[] {9, 8, 7, 6, 5}, 1, 3);
            assertThat(p.right().recvBytes()).containsExactly(8, 7, 6);
            p.left().sendBytes(new byte[] {1, 2, 3});
            byte[] buf = new byte[10];
            assertThat(p.right().recvBytesInto(buf, 4)).isEqualTo(3);
            assertThat(buf).startsWith(0, 0, 0, 0, 1, 2, 3);
            p.left().sendBytes(new byte[] {1, 2, 3, 4});
            assertThatThrownBy(() -> p.right().recvBytesInto(new byte[5], 2))
                    .isInstanceOfSatisfying(BufferTooShortException.class,
                            e -> assertThat(e.message()).containsExactly(1, 2, 3, 4));
            p.left().send("after");
            assertThat(p.right().recv()).isEqualTo("after");
        }
    }

    @Test
    void messageLargerThanTheRingStreamsFromAChild() throws Exception {
        int size = 9 << 20; // the ring holds 2 MiB per direction
        try (Pipe p = context().pipe(false)) {
            ChildProcess child = context().process((Connection w) -> {
                w.sendBytes(pattern(size));
                w.send("next");
            }, p.right()).start();
            byte[] got = new byte[size];
            assertThat(p.left().recvBytesInto(got, 0)).isEqualTo(size);
            assertThat(got).isEqualTo(pattern(size));
            assertThat(p.left().recv()).isEqualTo("next");
            child.join();
            assertThat(child.exitCode()).isZero();
        }
    }

    @Test
    void closingOneEndGivesTheOtherEndOfFileAfterWhatWasSent() throws Exception {
        try (Pipe p = context().pipe(true)) {
            p.left().send(1);
            p.left().send(2);
            p.left().close();
            assertThat(p.right().poll(Duration.ZERO)).isTrue();
            assertThat(p.right().recv()).isEqualTo(1);
            assertThat(p.right().recv()).isEqualTo(2);
            assertThatThrownBy(p.right()::recv).isInstanceOf(EOFException.class);
            assertThat(p.right().poll(Duration.ofMillis(10))).isTrue();
        }
    }

    @Test
    void childExitingWithoutClosingGivesEndOfFile() throws Exception {
        try (Pipe p = context().pipe(false)) {
            ChildProcess child = context().process((Connection w) -> w.send("last words"), p.right()).start();
            assertThat(p.left().recv()).isEqualTo("last words");
            child.join();
            if (context().name().equals("spawn")) {
                assertThatThrownBy(p.left()::recv).isInstanceOf(EOFException.class);
            }
        }
    }

    @Test
    void timeoutsPollAndWaitAny() throws Exception {
        try (Pipe a = context().pipe(true); Pipe b = context().pipe(true)) {
            assertThatThrownBy(() -> a.right().recv(Duration.ofMillis(20))).isInstanceOf(TimeoutException.class);
            assertThat(a.right().poll()).isFalse();
            assertThat(Connections.waitAny(List.of(a.right(), b.right()), Duration.ofMillis(10))).isEmpty();
            b.left().send("x");
            assertThat(Connections.waitAny(List.of(a.right(), b.right()), null)).containsExactly(b.right());
            assertThat(b.right().recv(Duration.ofSeconds(5))).isEqualTo("x");
        }
    }

    @Test
    void recvBytesWithMaxLengthRefusesALongerMessageAndClosesTheEnd() throws Exception {
        try (Pipe p = context().pipe(true)) {
            p.left().sendBytes(new byte[]{1, 2, 3});
            assertThat(p.right().recvBytes(3)).containsExactly(1, 2, 3);
            p.left().sendBytes(new byte[10]);
            assertThatThrownBy(() -> p.right().recvBytes(4)).isInstanceOfSatisfying(MessageTooLongException.class, e -> {
                assertThat(e.length()).isEqualTo(10);
                assertThat(e.maxLength()).isEqualTo(4);
            }).hasMessageContaining("maxLength 4");
            assertThat(p.right().isClosed()).isTrue();
            assertThat(p.left().isClosed()).isFalse();
            assertThatThrownBy(() -> p.left().recvBytes(-1)).isInstanceOf(IllegalArgumentException.class)
                    .hasMessageContaining("maxLength");
        }
    }

    @Test
    void waitAnyWatchesConnectionsProcessesQueuesAndFutures() throws Exception {
        try (Pipe a = context().pipe(true); io.multiprocessing4j.queue.ProcessQueue<String> q = context().queue()) {
            ChildProcess started = context().process((io.multiprocessing4j.queue.ProcessQueue<String> out) -> out.put("go"), q);
            java.util.concurrent.CompletableFuture<String> never = new java.util.concurrent.CompletableFuture<>();
            assertThat(Connections.waitAny(Duration.ofMillis(10), a.right(), q, never)).isEmpty();
            started.start();
            assertThat(Connections.waitAny(null, a.right(), q, never)).containsExactly(q);
            assertThat(q.take()).isEqualTo("go");
            started.join();
            assertThat(Connections.waitAny(null, a.right(), started, q)).containsExactly(started);
            a.left().send("x");
            never.complete("done");
            assertThat(Connections.waitAny(Duration.ZERO, a.right(), q, never)).containsExactly(a.right(), never);
            assertThatThrownBy(() -> Connections.waitAny(null, a.right(), "not a sentinel"))
                    .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("objects[1]");
        }
    }

    @Test
    void badInputAndUseAfterCloseGetClearErrors() throws Exception {
        Pipe p = context().pipe(false);
        try {
            assertThatThrownBy(() -> p.left().send(1)).isInstanceOf(IllegalStateException.class)
                    .hasMessageContaining("only receives");
            assertThatThrownBy(p.right()::recv).isInstanceOf(IllegalStateException.class)
                    .hasMessageContaining("only sends");
            assertThatThrownBy(() -> p.right().send(new Holder())).isInstanceOf(SerializationException.class)
                    .hasMessageContaining("Holder.socket");
            assertThatThrownBy(() -> p.left().poll(Duration.ofMillis(-5))).isInstanceOf(IllegalArgumentException.class)
                    .hasMessageContaining("negative");
            assertThatThrownBy(() -> p.right().sendBytes(new byte[2], 1, 5)).isInstanceOf(IndexOutOfBoundsException.class);
            p.right().send(null);
            assertThat(p.left().recv()).isNull();
        } finally {
            p.close();
        }
        assertThat(p.left().closed()).isTrue();
        assertThatThrownBy(() -> p.right().send(1)).isInstanceOf(IllegalStateException.class).hasMessageContaining("closed");
        assertThatThrownBy(p.left()::recv).isInstanceOf(IllegalStateException.class).hasMessageContaining("closed");
        p.close();
    }

    static final class Holder implements Serializable {
        private static final long serialVersionUID = 1L;
        @SuppressWarnings("serial")
        final Socket socket = new Socket();
    }

    static byte[] pattern(int size) {
        byte[] b = new byte[size];
        for (int i = 0; i < size; i++) {
            b[i] = (byte) (i * 13 + (i >>> 16));
        }
        return b;
    }
}
