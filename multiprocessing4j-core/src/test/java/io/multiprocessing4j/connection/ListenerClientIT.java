package io.multiprocessing4j.connection;

import io.multiprocessing4j.Multiprocessing;
import io.multiprocessing4j.process.ChildProcess;
import io.multiprocessing4j.testing.NoLeftoverWorkers;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

import java.io.EOFException;
import java.io.Serializable;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

@ExtendWith(NoLeftoverWorkers.class)
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class ListenerClientIT {
    private static final byte[] KEY = "right key".getBytes(StandardCharsets.UTF_8);
    private static final byte[] WRONG = "wrong key".getBytes(StandardCharsets.UTF_8);

    record Hello(String text, int n) implements Serializable {
    }

    @Test
    void tcpClientWithTheRightKeyExchangesObjectsAndBytes() throws Exception {
        try (Listener l = Listener.bind(Address.parse("127.0.0.1:0"), KEY)) {
            assertThat(((Address.Tcp) l.address()).port()).isPositive();
            CompletableFuture<Connection> accepted = CompletableFuture.supplyAsync(() -> {
                try {
                    return l.accept();
                } catch (Exception e) {
                    throw new RuntimeException(e);
                }
            });
            assertThat(l.lastAccepted()).isEmpty();
            try (Connection c = Client.connect(l.address(), KEY); Connection s = accepted.get()) {
                assertThat(l.lastAccepted()).get().isInstanceOfSatisfying(java.net.InetSocketAddress.class,
                        a -> assertThat(a.getAddress().isLoopbackAddress()).isTrue());
                c.send(new Hello("hi", 3));
                assertThat(s.recv()).isEqualTo(new Hello("hi", 3));
                s.send(List.of(1, 2, 3));
                assertThat(c.recv()).isEqualTo(List.of(1, 2, 3));
                c.sendBytes(new byte[] {9, 8, 7, 6}, 1, 2);
                byte[] into = new byte[4];
                assertThat(s.recvBytesInto(into, 1)).isEqualTo(2);
                assertThat(into).containsExactly(0, 8, 7, 0);
                c.sendBytes(new byte[10]);
                assertThatThrownBy(() -> s.recvBytesInto(new byte[4], 0)).isInstanceOf(BufferTooShortException.class);
                assertThat(s.poll()).isFalse();
                assertThatThrownBy(() -> s.recv(Duration.ofMillis(20))).isInstanceOf(TimeoutException.class);
                c.send("ping");
                assertThat(s.poll(Duration.ofSeconds(30))).isTrue();
                assertThat(s.recv()).isEqualTo("ping");
            }
        }
    }

    @Test
    void unixSocketListenerWorksAndRemovesItsFileOnClose(@TempDir Path dir) throws Exception {
        Path sock = dir.resolve("l.sock");
        Listener l = Listener.bind(Address.unix(sock), KEY);
        CompletableFuture<Object> got = CompletableFuture.supplyAsync(() -> {
            try (Connection s = l.accept()) {
                return s.recv();
            } catch (Exception e) {
                throw new RuntimeException(e);
            }
        });
        try (Connection c = Client.connect(Address.parse(sock.toString()), KEY)) {
            c.send("over unix");
            assertThat(got.get()).isEqualTo("over unix");
        }
        l.close();
        assertThat(sock).doesNotExist();
    }

    @Test
    void wrongKeyFailsOnBothSidesBeforeAnythingIsRead() throws Exception {
        try (Listener l = Listener.bind(Address.parse("127.0.0.1:0"), KEY)) {
            CompletableFuture<Throwable> serverSide = CompletableFuture.supplyAsync(() -> {
                try {
                    l.accept().close();
                    return null;
                } catch (Throwable t) {
                    return t;
                }
            });
            assertThatThrownBy(() -> Client.connect(l.address(), WRONG))
                    .isInstanceOf(AuthenticationException.class).hasMessageContaining("authkey");
            assertThat(serverSide.get()).isInstanceOf(AuthenticationException.class);

            // the listener survives a bad client and serves the next good one
            CompletableFuture<Connection> next = CompletableFuture.supplyAsync(() -> {
                try {
                    return l.accept();
                } catch (Exception e) {
                    throw new RuntimeException(e);
                }
            });
            try (Connection c = Client.connect(l.address(), KEY); Connection s = next.get()) {
                c.send(1);
                assertThat(s.recv()).isEqualTo(1);
            }
        }
    }

    @Test
    void serverWithAnotherKeyIsRefusedByTheClient() throws Exception {
        try (Listener l = Listener.bind(Address.parse("127.0.0.1:0"), WRONG)) {
            CompletableFuture<Throwable> serverSide = CompletableFuture.supplyAsync(() -> {
                try {
                    l.accept().close();
                    return null;
                } catch (Throwable t) {
                    return t;
                }
            });
            assertThatThrownBy(() -> Client.connect(l.address(), KEY)).isInstanceOf(AuthenticationException.class);
            assertThat(serverSide.get()).isInstanceOf(AuthenticationException.class);
        }
    }

    @Test
    void connectingWhereNothingListensSaysSo(@TempDir Path dir) {
        assertThatThrownBy(() -> Client.connect(Address.unix(dir.resolve("none.sock")), KEY))
                .hasMessageContaining("cannot connect").hasMessageContaining("none.sock");
    }

    @Test
    void badArgumentsAreRefusedWithTheFix() {
        assertThatThrownBy(() -> Listener.bind(Address.parse("127.0.0.1:0"), new byte[0]))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("authkey");
        assertThatThrownBy(() -> Address.parse("host:port")).hasMessageContaining("HOST:PORT");
        assertThat(Address.parse("localhost:80")).isEqualTo(Address.tcp("localhost", 80));
        assertThat(Address.parse("/tmp/x.sock")).isEqualTo(Address.unix(Path.of("/tmp/x.sock")));
    }

    record Target(Address address, byte[] key) implements Serializable {
    }

    @Test
    void peerKilledWithSigkillGivesEndOfStream() throws Exception {
        try (Listener l = Listener.bind(Address.parse("127.0.0.1:0"), KEY)) {
            ChildProcess child = Multiprocessing.context("spawn").process((Target t) -> {
                Connection c = Client.connect(t.address(), t.key());
                c.send("connected");
                c.recv(); // blocks until killed
            }, new Target(l.address(), KEY)).start();
            try (Connection s = l.accept()) {
                assertThat(s.recv()).isEqualTo("connected");
                child.kill();
                child.join();
                assertThatThrownBy(s::recv).isInstanceOf(EOFException.class);
            }
        }
    }

    @Test
    void closingOneEndGivesTheOtherEndOfStream() throws Exception {
        try (Listener l = Listener.bind(Address.parse("127.0.0.1:0"), KEY)) {
            CompletableFuture<Connection> accepted = CompletableFuture.supplyAsync(() -> {
                try {
                    return l.accept();
                } catch (Exception e) {
                    throw new RuntimeException(e);
                }
            });
            Connection c = Client.connect(l.address(), KEY);
            try (Connection s = accepted.get()) {
                c.send("last");
                c.close();
                assertThat(c.closed()).isTrue();
                assertThat(s.recv()).isEqualTo("last");
                assertThatThrownBy(s::recv).isInstanceOf(EOFException.class);
                assertThatThrownBy(() -> c.send("x")).isInstanceOf(IllegalStateException.class);
            }
        }
    }
}
