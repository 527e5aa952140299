package io.multiprocessing4j.connection;

import io.multiprocessing4j.testing.TestCertificates;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Random;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** {@code Listener}/{@code Client} over TLS: the same connection contract, encrypted. */
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class TlsConnectionTest {
    private static final byte[] KEY = "tls connection key".getBytes(StandardCharsets.UTF_8);
    private static final Address LOOPBACK = Address.parse("127.0.0.1:0");

    @TempDir
    static Path dir;
    static TlsConfig serverTls;
    static TlsConfig clientTls;

    @BeforeAll
    static void makeCertificates() throws Exception {
        Path server = TestCertificates.keyStore(dir, "listener", "dns:localhost,ip:127.0.0.1");
        serverTls = TlsConfig.keyStore(server, TestCertificates.PASSWORD);
        clientTls = TlsConfig.trustStore(TestCertificates.trustStoreFor(server, dir, "listener-trust"), TestCertificates.PASSWORD);
    }

    private static CompletableFuture<Connection> acceptOnItsOwnThread(Listener l) {
        CompletableFuture<Connection> accepted = new CompletableFuture<>();
        Thread.ofPlatform().daemon().start(() -> {
            try {
                accepted.complete(l.accept());
            } catch (Throwable e) {
                accepted.completeExceptionally(e);
            }
        });
        return accepted;
    }

    @Test
    void objectsBytesPollAndTimeoutsWorkOverTls() throws Exception {
        try (Listener l = Listener.bind(LOOPBACK, KEY, serverTls)) {
            CompletableFuture<Connection> accepted = acceptOnItsOwnThread(l);
            try (Connection c = Client.connect(l.address(), KEY, clientTls); Connection s = accepted.get()) {
                // a TLS 1.3 server sends session tickets after the handshake: records with no data,
                // which must not make poll() say a message is there
                assertThat(c.poll(Duration.ofMillis(50))).isFalse();
                assertThat(s.poll()).isFalse();
                c.send(List.of("hello", 42));
                assertThat(s.poll(Duration.ofSeconds(30))).isTrue();
                assertThat(s.recv()).isEqualTo(List.of("hello", 42));
                assertThatThrownBy(() -> c.recv(Duration.ofMillis(20))).isInstanceOf(TimeoutException.class);
                s.sendBytes(new byte[] {1, 2, 3});
                s.send("second");
                assertThat(c.recvBytes()).containsExactly(1, 2, 3);
                assertThat(c.poll(Duration.ofSeconds(30))).as("the second message, possibly decoded already").isTrue();
                assertThat(c.recv()).isEqualTo("second");
            }
        }
    }

    @Test
    void messagesLargerThanManyTlsRecordsArriveIntact() throws Exception {
        byte[] big = new byte[2 * 1024 * 1024 + 3];
        new Random(7).nextBytes(big);
        try (Listener l = Listener.bind(LOOPBACK, KEY, serverTls)) {
            CompletableFuture<Connection> accepted = acceptOnItsOwnThread(l);
            try (Connection c = Client.connect(l.address(), KEY, clientTls); Connection s = accepted.get()) {
                CompletableFuture<byte[]> echoed = CompletableFuture.supplyAsync(() -> {
                    try {
                        byte[] got = s.recvBytes();
                        s.sendBytes(got);
                        return got;
                    } catch (Exception e) {
                        throw new RuntimeException(e);
                    }
                }, r -> Thread.ofPlatform().daemon().start(r));
                c.sendBytes(big);
                assertThat(c.recvBytes()).isEqualTo(big);
                assertThat(echoed.get()).isEqualTo(big);
            }
        }
    }

    @Test
    void aClientWithoutTlsOrAWrongKeyIsRefusedAndTheListenerKeepsServing() throws Exception {
        try (Listener l = Listener.bind(LOOPBACK, KEY, serverTls)) {
            CompletableFuture<Connection> refusedPlain = acceptOnItsOwnThread(l);
            assertThatThrownBy(() -> Client.connect(l.address(), KEY)).isInstanceOf(IOException.class).hasMessageContaining("TLS");
            assertThatThrownBy(refusedPlain::get).hasCauseInstanceOf(AuthenticationException.class);
            CompletableFuture<Connection> refusedKey = acceptOnItsOwnThread(l);
            assertThatThrownBy(() -> Client.connect(l.address(), "wrong".getBytes(StandardCharsets.UTF_8), clientTls))
                    .isInstanceOf(AuthenticationException.class);
            assertThatThrownBy(refusedKey::get).hasCauseInstanceOf(AuthenticationException.class);
            CompletableFuture<Connection> accepted = acceptOnItsOwnThread(l);
            try (Connection c = Client.connect(l.address(), KEY, clientTls); Connection s = accepted.get()) {
                c.send(1);
                assertThat(s.recv()).isEqualTo(1);
            }
        }
    }

    @Test
    void aTlsClientOfAPlainListenerIsToldTheListenerHasNoTls() throws Exception {
        try (Listener l = Listener.bind(LOOPBACK, KEY)) {
            CompletableFuture<Connection> refused = acceptOnItsOwnThread(l);
            assertThatThrownBy(() -> Client.connect(l.address(), KEY, clientTls))
                    .isInstanceOf(IOException.class)
                    .hasMessageContaining("without TLS");
            assertThatThrownBy(refused::get).hasCauseInstanceOf(AuthenticationException.class);
        }
    }

    @Test
    void tlsNeedsATcpAddress() {
        assertThatThrownBy(() -> Listener.bind(Address.unix(dir.resolve("l.sock")), KEY, serverTls))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("Unix-domain");
    }
}
