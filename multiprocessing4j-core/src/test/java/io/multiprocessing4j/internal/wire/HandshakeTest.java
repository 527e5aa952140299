package io.multiprocessing4j.internal.wire;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;
import java.nio.file.Path;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

@Timeout(value = 30, unit = TimeUnit.SECONDS)
class HandshakeTest {

    private interface Side {
        void run(SocketChannel ch) throws Exception;
    }

    private static void pair(Path dir, Side server, Side client, CompletableFuture<Throwable> serverOutcome,
                             CompletableFuture<Throwable> clientOutcome) throws Exception {
        Path sock = dir.resolve("h.sock");
        try (ServerSocketChannel ss = ServerSocketChannel.open(StandardProtocolFamily.UNIX)) {
            ss.bind(UnixDomainSocketAddress.of(sock));
            Thread c = Thread.ofPlatform().start(() -> {
                try (SocketChannel ch = SocketChannel.open(StandardProtocolFamily.UNIX)) {
                    ch.connect(UnixDomainSocketAddress.of(sock));
                    client.run(ch);
                    clientOutcome.complete(null);
                } catch (Throwable t) {
                    clientOutcome.complete(t);
                }
            });
            try (SocketChannel ch = ss.accept()) {
                server.run(ch);
                serverOutcome.complete(null);
            } catch (Throwable t) {
                serverOutcome.complete(t);
            }
            c.join();
        }
    }

    @Test
    void peersWithTheSameKeyAuthenticateBothWays(@TempDir Path dir) throws Exception {
        byte[] key = Handshake.newKey();
        CompletableFuture<Throwable> s = new CompletableFuture<>();
        CompletableFuture<Throwable> c = new CompletableFuture<>();
        pair(dir, ch -> Handshake.serve(ch, key), ch -> Handshake.connect(ch, key), s, c);
        assertThat(s.get()).isNull();
        assertThat(c.get()).isNull();
    }

    @Test
    void aWrongKeyIsRejectedBeforeAnyFrameIsRead(@TempDir Path dir) throws Exception {
        CompletableFuture<Throwable> s = new CompletableFuture<>();
        CompletableFuture<Throwable> c = new CompletableFuture<>();
        boolean[] frameRead = {false};
        pair(dir, ch -> {
            Handshake.serve(ch, Handshake.newKey());
            new FrameChannel(ch).receive();
            frameRead[0] = true;
        }, ch -> {
            Handshake.connect(ch, Handshake.newKey());
            new FrameChannel(ch).send(Frame.of(FrameType.HELLO));
        }, s, c);
        assertThat(s.get()).isInstanceOf(Handshake.AuthenticationException.class).hasMessageContaining("wrong authkey");
        assertThat(c.get()).isInstanceOf(Handshake.AuthenticationException.class);
        assertThat(frameRead[0]).isFalse();
    }

    @Test
    void aStrayClientThatIsNotOursIsRefusedByItsFirstBytes(@TempDir Path dir) throws Exception {
        CompletableFuture<Throwable> s = new CompletableFuture<>();
        CompletableFuture<Throwable> c = new CompletableFuture<>();
        pair(dir, ch -> Handshake.serve(ch, Handshake.newKey()),
                ch -> ch.write(java.nio.ByteBuffer.wrap("GET / HTTP/1.1\r\n\r\n".getBytes(java.nio.charset.StandardCharsets.US_ASCII))),
                s, c);
        assertThat(s.get()).isInstanceOf(Handshake.AuthenticationException.class)
                .hasMessageContaining("not a multiprocessing4j client");
    }

    @Test
    void anOversizedFrameIsRefusedOnTheSendingSideNamingTheLimit() {
        assertThatThrownBy(() -> FrameChannel.checkSize(Long.MAX_VALUE / 2))
                .isInstanceOf(FrameTooLargeException.class)
                .hasMessageContaining(FrameChannel.MAX_FRAME_PROPERTY);
    }
}
