package io.multiprocessing4j.internal.net;

import io.multiprocessing4j.connection.Address;
import io.multiprocessing4j.connection.Client;
import io.multiprocessing4j.connection.Connection;
import io.multiprocessing4j.connection.Listener;
import io.multiprocessing4j.internal.wire.FrameChannel;
import io.multiprocessing4j.manager.Manager;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

import java.net.StandardProtocolFamily;
import java.nio.ByteBuffer;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * What a peer can do to a manager server or a listener: connect and say nothing (many times), or,
 * holding the key, announce a huge frame or send a value nested too deep. The server refuses what
 * it must, spends no thread and no memory on what it was only told, and keeps serving the others.
 */
@Timeout(90) // a server that authenticated one client at a time would make these wait, not fail
class HostileClientTest {
    private static final byte[] KEY = "hostile client test key".getBytes(StandardCharsets.UTF_8);
    private static final int SILENT = 300;

    /** Bytes allocated so far by all threads of this JVM ({@code com.sun.management.ThreadMXBean}). */
    private static long allocatedBytes() throws Exception {
        Object bean = Class.forName("java.lang.management.ManagementFactory").getMethod("getThreadMXBean").invoke(null);
        return (long) Class.forName("com.sun.management.ThreadMXBean").getMethod("getTotalThreadAllocatedBytes").invoke(bean);
    }

    private static int platformThreads() {
        return Thread.getAllStackTraces().size();
    }

    @Test
    void aFrameAnnouncedOverTheLimitIsRefusedAndTheConnectionClosed() throws Exception {
        try (Manager server = Manager.listen(Address.parse("127.0.0.1:0"), KEY);
             FrameChannel hostile = Sockets.connect(server.address(), KEY)) {
            writeHeader(hostile.channel(), Integer.MAX_VALUE, 0);
            ByteBuffer b = ByteBuffer.allocate(1);
            assertThat(hostile.channel().read(b)).as("the server hung up").isEqualTo(-1);
            Map<String, Integer> d = server.dict();
            d.put("still", 1);
            assertThat(d.get("still")).isEqualTo(1);
        }
    }

    @Test
    void aFrameAnnouncedAtAGigabyteCostsTheServerOnlyTheBytesThatArrive() throws Exception {
        try (Manager server = Manager.listen(Address.parse("127.0.0.1:0"), KEY)) {
            Map<String, Integer> d = server.dict();
            d.put("warm", 0);
            long before = allocatedBytes();
            try (FrameChannel hostile = Sockets.connect(server.address(), KEY)) {
                writeHeader(hostile.channel(), 1_200 << 20, 4096); // ~1.2 GiB announced, 4 KiB sent
                // the server keeps serving others while it waits for the rest
                for (int i = 0; i < 20; i++) {
                    d.put("k" + i, i);
                }
                assertThat(d.get("k19")).isEqualTo(19);
                long grown = allocatedBytes() - before;
                assertThat(grown).as("bytes this JVM allocated meanwhile").isLessThan(64L << 20);
            }
        }
    }

    @Test
    void aValueNestedTooDeepIsRefusedAndTheManagerKeepsServing() throws Exception {
        try (Manager server = Manager.listen(Address.parse("127.0.0.1:0"), KEY);
             Manager client = Manager.connect(server.address(), KEY)) {
            Map<String, Object> d = client.dict();
            Map<String, Object> deep = new HashMap<>();
            Map<String, Object> cur = deep;
            for (int i = 0; i < 300; i++) {
                Map<String, Object> next = new HashMap<>();
                cur.put("k", next);
                cur = next;
            }
            assertThatThrownBy(() -> d.put("deep", deep)).hasStackTraceContaining("refused");
            d.put("after", 1);
            assertThat(d.get("after")).isEqualTo(1);
        }
    }

    @Test
    void silentConnectionsCostAManagerNoThreadsAndDoNotKeepAClientOut() throws Exception {
        try (Manager server = Manager.listen(Address.parse("127.0.0.1:0"), KEY)) {
            Map<String, Integer> d = server.dict();
            d.put("warm", 0);
            int threadsBefore = platformThreads();
            List<SocketChannel> silent = openSilent(server.address(), SILENT);
            try {
                CompletableFuture<Integer> legit = CompletableFuture.supplyAsync(() -> {
                    try (Manager client = Manager.connect(server.address(), KEY)) {
                        Map<String, Integer> m = client.dict();
                        m.put("x", 41);
                        return m.get("x") + 1;
                    } catch (Exception e) {
                        throw new RuntimeException(e);
                    }
                });
                // well under the 30 s handshake timeout: the client is not waiting for the silent ones
                assertThat(legit.get(20, TimeUnit.SECONDS)).isEqualTo(42);
                int grown = platformThreads() - threadsBefore;
                // at most one handshake thread per pending slot, however many connect (it was one each)
                assertThat(grown).as("platform threads added by %d silent connections", SILENT)
                        .isLessThanOrEqualTo(Admission.MAX_PENDING + 8);
            } finally {
                closeAll(silent);
            }
        }
    }

    @Test
    void silentConnectionsDoNotHoldUpAListenersAccept(@TempDir Path dir) throws Exception {
        Address address = Address.unix(dir.resolve("l.sock"));
        try (Listener l = Listener.bind(address, KEY)) {
            int threadsBefore = platformThreads();
            List<SocketChannel> silent = openSilent(address, SILENT);
            try {
                CompletableFuture<Object> served = CompletableFuture.supplyAsync(() -> {
                    try (Connection c = l.accept()) {
                        return c.recv();
                    } catch (Exception e) {
                        throw new RuntimeException(e);
                    }
                });
                try (Connection c = Client.connect(address, KEY)) {
                    c.send("hello");
                    assertThat(served.get(20, TimeUnit.SECONDS)).isEqualTo("hello");
                }
                int grown = platformThreads() - threadsBefore;
                // at most one handshake thread per pending slot, however many connect (it was one each)
                assertThat(grown).as("platform threads added by %d silent connections", SILENT)
                        .isLessThanOrEqualTo(Admission.MAX_PENDING + 8);
            } finally {
                closeAll(silent);
            }
        }
    }

    private static void writeHeader(SocketChannel ch, int length, int payloadBytesSent) throws Exception {
        ByteBuffer b = ByteBuffer.allocate(5 + payloadBytesSent);
        b.putInt(length).put((byte) 1).position(b.limit()).flip();
        while (b.hasRemaining()) {
            ch.write(b);
        }
    }

    private static List<SocketChannel> openSilent(Address address, int n) throws Exception {
        List<SocketChannel> out = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            SocketChannel ch = SocketChannel.open(address instanceof Address.Unix ? StandardProtocolFamily.UNIX
                    : StandardProtocolFamily.INET);
            ch.connect(address.socketAddress());
            out.add(ch);
        }
        return out;
    }

    private static void closeAll(List<SocketChannel> channels) {
        for (SocketChannel ch : channels) {
            Sockets.closeQuietly(ch);
        }
    }
}
