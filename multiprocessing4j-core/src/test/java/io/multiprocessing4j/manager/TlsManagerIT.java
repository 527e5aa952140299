package io.multiprocessing4j.manager;

import io.multiprocessing4j.Multiprocessing;
import io.multiprocessing4j.MpContext;
import io.multiprocessing4j.connection.Address;
import io.multiprocessing4j.connection.AuthenticationException;
import io.multiprocessing4j.connection.TlsConfig;
import io.multiprocessing4j.process.ChildProcess;
import io.multiprocessing4j.testing.NoLeftoverWorkers;
import io.multiprocessing4j.testing.TestCertificates;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.Serializable;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.function.BiFunction;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** Remote managers over TLS: who is let in, what the network sees, and proxies that travel. */
@ExtendWith(NoLeftoverWorkers.class)
@Timeout(value = 120, unit = TimeUnit.SECONDS)
class TlsManagerIT {
    private static final byte[] KEY = "tls manager key".getBytes(StandardCharsets.UTF_8);
    private static final Address ANY_LOOPBACK_PORT = Address.parse("127.0.0.1:0");

    @TempDir
    static Path dir;
    static TlsConfig serverTls;
    static TlsConfig clientTls;
    static TlsConfig strangerTls;
    static TlsConfig otherHostServerTls;

    @BeforeAll
    static void makeCertificates() throws Exception {
        Path server = TestCertificates.keyStore(dir, "server", "dns:localhost,ip:127.0.0.1");
        serverTls = TlsConfig.keyStore(server, TestCertificates.PASSWORD);
        clientTls = TlsConfig.trustStore(TestCertificates.trustStoreFor(server, dir, "client-trust"), TestCertificates.PASSWORD);
        Path stranger = TestCertificates.keyStore(dir, "stranger", "dns:localhost,ip:127.0.0.1");
        strangerTls = TlsConfig.trustStore(TestCertificates.trustStoreFor(stranger, dir, "stranger-trust"), TestCertificates.PASSWORD);
        otherHostServerTls = TlsConfig.keyStore(TestCertificates.keyStore(dir, "elsewhere", "dns:elsewhere.invalid"),
                TestCertificates.PASSWORD);
    }

    @Test
    void aClientThatTrustsTheCertificateAndHoldsTheKeyGetsWorkingProxies() throws Exception {
        try (Manager server = Manager.listen(ANY_LOOPBACK_PORT, KEY, serverTls)) {
            server.register("config", () -> Map.of("mode", "tls"), Map.class);
            Map<String, Integer> counts = server.dict();
            try (Manager client = Manager.connect(server.address(), KEY, clientTls)) {
                assertThat(client.get("config", Map.class).get("mode")).isEqualTo("tls");
                Map<String, Integer> mine = client.dict();
                for (int i = 0; i < 100; i++) {
                    mine.merge("n", 1, Integer::sum);
                }
                assertThat(mine.get("n")).isEqualTo(100);
                counts.put("from server", 7);
            }
            assertThat(counts.get("from server")).isEqualTo(7);
        }
    }

    @Test
    void largeValuesCrossTheTlsSessionIntactInBothDirections() throws Exception {
        byte[] big = new byte[3 * 1024 * 1024 + 17]; // many TLS records, more than a socket buffer
        new java.util.Random(42).nextBytes(big);
        try (Manager server = Manager.listen(ANY_LOOPBACK_PORT, KEY, serverTls);
             Manager client = Manager.connect(server.address(), KEY, clientTls)) {
            Map<String, byte[]> d = client.dict();
            d.put("big", big);
            assertThat(d.get("big")).isEqualTo(big);
            int length = Manager.apply(d, m -> m.get("big").length);
            assertThat(length).isEqualTo(big.length);
        }
    }

    @Test
    void aWrongKeyIsRefusedInsideTheTlsSession() throws Exception {
        try (Manager server = Manager.listen(ANY_LOOPBACK_PORT, KEY, serverTls)) {
            assertThatThrownBy(() -> Manager.connect(server.address(), "wrong".getBytes(StandardCharsets.UTF_8), clientTls))
                    .isInstanceOf(AuthenticationException.class);
            try (Manager client = Manager.connect(server.address(), KEY, clientTls)) {
                assertThat(client.objectCount()).isGreaterThanOrEqualTo(0); // still serving
            }
        }
    }

    @Test
    void aClientWithoutTlsIsRefusedWithAMessageThatMentionsTls() throws Exception {
        try (Manager server = Manager.listen(ANY_LOOPBACK_PORT, KEY, serverTls)) {
            assertThatThrownBy(() -> Manager.connect(server.address(), KEY))
                    .isInstanceOf(IOException.class)
                    .hasMessageContaining("TLS");
        }
    }

    @Test
    void aTlsClientOfAPlainManagerIsToldTheServerHasNoTls() throws Exception {
        try (Manager server = Manager.listen(ANY_LOOPBACK_PORT, KEY)) {
            assertThatThrownBy(() -> Manager.connect(server.address(), KEY, clientTls))
                    .isInstanceOf(IOException.class)
                    .hasMessageContaining("without TLS");
        }
    }

    @Test
    void aClientThatDoesNotTrustTheCertificateIsRefusedBeforeItProvesTheKey() throws Exception {
        try (Manager server = Manager.listen(ANY_LOOPBACK_PORT, KEY, serverTls)) {
            assertThatThrownBy(() -> Manager.connect(server.address(), KEY, strangerTls))
                    .isInstanceOf(IOException.class)
                    .isNotInstanceOf(AuthenticationException.class)
                    .hasMessageContaining("trust store");
        }
    }

    @Test
    void aCertificateForAnotherHostIsRefusedUnlessHostNameVerificationIsOff() throws Exception {
        try (Manager server = Manager.listen(ANY_LOOPBACK_PORT, KEY, otherHostServerTls)) {
            assertThatThrownBy(() -> Manager.connect(server.address(), KEY, otherHostServerTls))
                    .isInstanceOf(IOException.class)
                    .hasMessageContaining("name the host 127.0.0.1");
            try (Manager client = Manager.connect(server.address(), KEY, otherHostServerTls.withoutHostnameVerification())) {
                Map<String, String> d = client.dict();
                d.put("k", "v");
                assertThat(d).containsEntry("k", "v");
            }
        }
    }

    @Test
    void nothingCrossesTheNetworkInClear() throws Exception {
        String secret = "the-launch-code-" + System.nanoTime();
        try (Manager server = Manager.listen(ANY_LOOPBACK_PORT, KEY, serverTls);
             Relay relay = new Relay((Address.Tcp) server.address())) {
            try (Manager client = Manager.connect(relay.address(), KEY, clientTls)) {
                Map<String, String> d = client.dict();
                d.put("code", secret);
                assertThat(d.get("code")).isEqualTo(secret);
            }
            assertThat(relay.bytesSeen()).isGreaterThan(0);
            assertThat(relay.seen(secret)).isFalse();
        }
        // the same exchange without TLS does show it: the relay would have caught a leak
        try (Manager plain = Manager.listen(ANY_LOOPBACK_PORT, KEY);
             Relay relay = new Relay((Address.Tcp) plain.address())) {
            try (Manager client = Manager.connect(relay.address(), KEY)) {
                client.<String, String>dict().put("code", secret);
            }
            assertThat(relay.seen(secret)).isTrue();
        }
    }

    record Target(Map<String, Integer> counts) implements Serializable {
    }

    @Test
    void aProxyOfATlsManagerTravelsToAChildProcessAndReconnectsOverTls() throws Exception {
        MpContext spawn = Multiprocessing.context("spawn");
        try (Manager server = Manager.listen(ANY_LOOPBACK_PORT, KEY, serverTls);
             Manager client = Manager.connect(server.address(), KEY, clientTls)) {
            Map<String, Integer> counts = client.dict();
            ChildProcess child = spawn.process((Target t) -> {
                for (int i = 0; i < 10; i++) {
                    t.counts().merge("hits", 1, (BiFunction<Integer, Integer, Integer> & Serializable) Integer::sum);
                }
            }, new Target(counts)).start();
            child.join();
            assertThat(child.exitCode()).isZero();
            assertThat(counts.get("hits")).isEqualTo(10);
        }
    }

    @Test
    void aWrongKeyStorePasswordFailsAtListenNamingThePassword() {
        Path store = dir.resolve("server.p12");
        TlsConfig wrong = TlsConfig.keyStore(store, "not the password".toCharArray());
        assertThatThrownBy(() -> Manager.listen(ANY_LOOPBACK_PORT, KEY, wrong))
                .isInstanceOf(UncheckedIOException.class)
                .hasMessageContaining("password");
    }

    @Test
    void badTlsArgumentsAreRefusedWithMessagesThatNameThem() {
        assertThatThrownBy(() -> TlsConfig.keyStore(dir.resolve("missing.p12"), TestCertificates.PASSWORD))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("keyStore");
        assertThatThrownBy(() -> Manager.listen(Address.unix(dir.resolve("m.sock")), KEY, serverTls))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("Unix-domain");
        assertThatThrownBy(() -> Manager.connect(ANY_LOOPBACK_PORT, KEY, null))
                .isInstanceOf(NullPointerException.class)
                .hasMessageContaining("tls");
    }

    /** A TCP relay that records every byte it forwards, as someone on the network would see them. */
    static final class Relay implements AutoCloseable {
        private final ServerSocket listener;
        private final ByteArrayOutputStream seen = new ByteArrayOutputStream();
        private final Address.Tcp target;

        Relay(Address.Tcp target) throws IOException {
            this.target = target;
            listener = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
            Thread.ofPlatform().daemon().name("relay-accept").start(this::acceptLoop);
        }

        Address address() {
            return Address.tcp("127.0.0.1", listener.getLocalPort());
        }

        private void acceptLoop() {
            while (true) {
                try {
                    Socket in = listener.accept();
                    Socket out = new Socket();
                    out.connect(new InetSocketAddress(target.host(), target.port()));
                    pump(in, out);
                    pump(out, in);
                } catch (IOException e) {
                    return; // closed
                }
            }
        }

        private void pump(Socket from, Socket to) {
            Thread.ofPlatform().daemon().name("relay-pump").start(() -> {
                byte[] buf = new byte[8192];
                try (InputStream i = from.getInputStream(); OutputStream o = to.getOutputStream()) {
                    int n;
                    while ((n = i.read(buf)) > 0) {
                        synchronized (seen) {
                            seen.write(buf, 0, n);
                        }
                        o.write(buf, 0, n);
                    }
                } catch (IOException ignored) {
                    // one side closed
                } finally {
                    try {
                        from.close();
                        to.close();
                    } catch (IOException ignored) {
                        // best-effort
                    }
                }
            });
        }

        int bytesSeen() {
            synchronized (seen) {
                return seen.size();
            }
        }

        boolean seen(String text) {
            synchronized (seen) {
                return seen.toString(StandardCharsets.ISO_8859_1).contains(text);
            }
        }

        @Override
        public void close() throws IOException {
            listener.close();
        }
    }
}
