package io.multiprocessing4j.internal.wire;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;
import java.nio.file.Path;
import java.util.Random;
import java.util.concurrent.CompletableFuture;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** A frame reader believes the length prefix only as far as the limit and the bytes that arrive. */
class FrameLengthTest {

    @Test
    void aLengthOverTheLimitIsRefusedBeforeAllocatingAndTheConnectionClosed(@TempDir Path dir) throws Exception {
        try (Pair p = Pair.open(dir)) {
            p.raw.write(ByteBuffer.allocate(5).putInt(Integer.MAX_VALUE).put((byte) 1).flip());
            FrameChannel reader = new FrameChannel(p.framed);
            assertThatThrownBy(reader::receive)
                    .isInstanceOf(OversizedFrameException.class)
                    .hasMessageContaining("mp4j.maxFrameBytes")
                    .hasMessageContaining(String.valueOf(Integer.MAX_VALUE));
            assertThat(p.framed.isOpen()).as("the refused connection is closed").isFalse();
        }
    }

    @Test
    void aGigabyteAnnouncedButNotSentIsNotAllocated(@TempDir Path dir) throws Exception {
        try (Pair p = Pair.open(dir)) {
            FrameChannel reader = new FrameChannel(p.framed);
            CompletableFuture<Long> allocated = new CompletableFuture<>();
            Thread t = Thread.ofPlatform().start(() -> {
                long before = threadAllocatedBytes();
                try {
                    reader.receive();
                } catch (Exception expected) {
                    // the peer hangs up after 4 KiB
                }
                allocated.complete(threadAllocatedBytes() - before);
            });
            ByteBuffer b = ByteBuffer.allocate(5 + 4096);
            b.putInt(1_200 << 20).put((byte) 1).position(b.limit()).flip();
            while (b.hasRemaining()) {
                p.raw.write(b);
            }
            p.raw.close();
            t.join();
            assertThat(allocated.get()).as("bytes the reader allocated").isLessThan(8L << 20);
        }
    }

    @Test
    void framesLargerThanTheFirstAllocationArriveWhole(@TempDir Path dir) throws Exception {
        try (Pair p = Pair.open(dir)) {
            byte[] big = new byte[(3 << 20) + 12345];
            new Random(7).nextBytes(big);
            FrameChannel writer = new FrameChannel(p.raw);
            FrameChannel reader = new FrameChannel(p.framed);
            CompletableFuture<Frame> got = CompletableFuture.supplyAsync(() -> {
                try {
                    return reader.receive();
                } catch (Exception e) {
                    throw new RuntimeException(e);
                }
            });
            writer.send(new Frame((byte) 9, big));
            writer.send(new Frame((byte) 3, new byte[] {1, 2}));
            assertThat(got.get().type()).isEqualTo((byte) 9);
            assertThat(got.get().payload()).isEqualTo(big);
            assertThat(reader.receive().payload()).containsExactly(1, 2);
        }
    }

    private static long threadAllocatedBytes() {
        try {
            Object bean = Class.forName("java.lang.management.ManagementFactory").getMethod("getThreadMXBean").invoke(null);
            return (long) Class.forName("com.sun.management.ThreadMXBean").getMethod("getCurrentThreadAllocatedBytes")
                    .invoke(bean);
        } catch (ReflectiveOperationException e) {
            throw new IllegalStateException(e);
        }
    }

    /** Two connected Unix sockets: {@code raw} writes bytes by hand, {@code framed} is read as frames. */
    private record Pair(SocketChannel raw, SocketChannel framed) implements AutoCloseable {
        static Pair open(Path dir) throws Exception {
            try (ServerSocketChannel server = ServerSocketChannel.open(StandardProtocolFamily.UNIX)) {
                server.bind(UnixDomainSocketAddress.of(dir.resolve("s")));
                SocketChannel raw = SocketChannel.open(StandardProtocolFamily.UNIX);
                raw.connect(server.getLocalAddress());
                return new Pair(raw, server.accept());
            }
        }

        @Override
        public void close() throws java.io.IOException {
            raw.close();
            framed.close();
        }
    }
}
