package io.multiprocessing4j.internal.net;

import io.multiprocessing4j.connection.Address;
import io.multiprocessing4j.internal.wire.FrameChannel;
import jdk.net.ExtendedSocketOptions;
import org.junit.jupiter.api.Test;

import java.net.InetSocketAddress;
import java.net.StandardSocketOptions;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.CompletableFuture;

import static org.assertj.core.api.Assertions.assertThat;

class SocketsTest {
    private static final byte[] KEY = "sockets test key".getBytes(StandardCharsets.UTF_8);

    @Test
    void tcpConnectionsOnBothSidesProbeASilentPeerWithShortKeepAliveTimers() throws Exception {
        try (ServerSocketChannel server = ServerSocketChannel.open()) {
            server.bind(new InetSocketAddress("127.0.0.1", 0));
            int port = ((InetSocketAddress) server.getLocalAddress()).getPort();
            CompletableFuture<FrameChannel> accepted = new CompletableFuture<>();
            Thread.ofPlatform().daemon().start(() -> {
                try {
                    SocketChannel ch = server.accept();
                    accepted.complete(Sockets.serve(ch, KEY, "test client"));
                } catch (Throwable e) {
                    accepted.completeExceptionally(e);
                }
            });
            try (FrameChannel client = Sockets.connect(Address.tcp("127.0.0.1", port), KEY);
                 FrameChannel served = accepted.get()) {
                for (SocketChannel ch : new SocketChannel[] {client.channel(), served.channel()}) {
                    assertThat(ch.getOption(StandardSocketOptions.SO_KEEPALIVE)).isTrue();
                    assertThat(ch.getOption(StandardSocketOptions.TCP_NODELAY)).isTrue();
                    if (ch.supportedOptions().contains(ExtendedSocketOptions.TCP_KEEPIDLE)) {
                        assertThat(ch.getOption(ExtendedSocketOptions.TCP_KEEPIDLE)).isEqualTo(Sockets.KEEPALIVE_IDLE_SECONDS);
                        assertThat(ch.getOption(ExtendedSocketOptions.TCP_KEEPINTERVAL)).isEqualTo(5);
                        assertThat(ch.getOption(ExtendedSocketOptions.TCP_KEEPCOUNT)).isEqualTo(3);
                    }
                }
            }
        }
    }
}
