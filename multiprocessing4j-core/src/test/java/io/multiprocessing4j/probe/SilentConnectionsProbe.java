package io.multiprocessing4j.probe;

import io.multiprocessing4j.connection.Address;
import io.multiprocessing4j.manager.Manager;

import java.io.IOException;
import java.net.StandardProtocolFamily;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Measures what unauthenticated connections cost a manager server: opens N connections that never
 * say a word, then reports the server JVM's platform threads, heap and resident memory, and how
 * long a genuine client takes to connect and make a call while they are open. The server runs in
 * this JVM (the silent client sockets cost it file descriptors, no threads and no heap).
 *
 * <pre>
 * ./mvnw -q -B -pl multiprocessing4j-core -am -DskipTests test-compile
 * java -cp multiprocessing4j-core/target/classes:multiprocessing4j-core/target/test-classes \
 *     io.multiprocessing4j.probe.SilentConnectionsProbe 3000 tcp
 * </pre>
 *
 * Arguments: the number of silent connections (default 3000) and {@code tcp} (127.0.0.1, the
 * default) or {@code unix}. Needs {@code ulimit -n} above twice that number.
 */
public final class SilentConnectionsProbe {
    private SilentConnectionsProbe() {
    }

    public static void main(String[] args) throws Exception {
        int n = args.length > 0 ? Integer.parseInt(args[0]) : 3000;
        boolean unix = args.length > 1 && args[1].equals("unix");
        byte[] key = "silent connections probe".getBytes(StandardCharsets.UTF_8);
        Path dir = unix ? Files.createTempDirectory("mp4j-probe") : null;
        Address address = unix ? Address.unix(dir.resolve("m.sock")) : Address.parse("127.0.0.1:0");
        try (Manager server = Manager.listen(address, key)) {
            Map<String, Integer> d = server.dict();
            d.put("warm", 0);
            System.gc();
            Snapshot before = Snapshot.take();
            System.out.printf("before: %s%n", before);
            List<SocketChannel> silent = new ArrayList<>(n);
            long t0 = System.nanoTime();
            try {
                for (int i = 0; i < n; i++) {
                    SocketChannel ch = SocketChannel.open(unix ? StandardProtocolFamily.UNIX : StandardProtocolFamily.INET);
                    ch.connect(server.address().socketAddress());
                    silent.add(ch);
                }
                System.out.printf("opened %d silent connections in %.0f ms%n", n, (System.nanoTime() - t0) / 1e6);
                long c0 = System.nanoTime();
                try (Manager client = Manager.connect(server.address(), key)) {
                    Map<String, Integer> m = client.dict();
                    m.put("x", 1);
                    System.out.printf("a genuine client connected and called in %.1f ms while they were open%n",
                            (System.nanoTime() - c0) / 1e6);
                }
                System.gc();
                Snapshot during = Snapshot.take();
                System.out.printf("with %d silent connections open: %s%n", n, during);
                System.out.printf("added: %d platform threads, %.1f MiB heap, %.1f MiB resident%n",
                        during.threads - before.threads, (during.heap - before.heap) / 1048576.0,
                        (during.rssKb - before.rssKb) / 1024.0);
            } finally {
                for (SocketChannel ch : silent) {
                    try {
                        ch.close();
                    } catch (IOException ignored) {
                        // best-effort
                    }
                }
            }
        } finally {
            if (dir != null) {
                Files.deleteIfExists(dir.resolve("m.sock"));
                Files.deleteIfExists(dir);
            }
        }
    }

    private record Snapshot(int threads, long heap, long rssKb) {
        static Snapshot take() throws IOException {
            Runtime rt = Runtime.getRuntime();
            long rss = 0;
            for (String line : Files.readAllLines(Path.of("/proc/self/status"))) {
                if (line.startsWith("VmRSS:")) {
                    rss = Long.parseLong(line.replaceAll("[^0-9]", ""));
                }
            }
            return new Snapshot(Thread.getAllStackTraces().size(), rt.totalMemory() - rt.freeMemory(), rss);
        }

        @Override
        public String toString() {
            return threads + " platform threads, " + heap / 1048576 + " MiB heap used, " + rssKb / 1024 + " MiB resident";
        }
    }
}
