package io.multiprocessing4j.cluster.internal;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.io.PrintStream;
import java.lang.management.ManagementFactory;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.stream.Stream;

/**
 * The server node JVMs of an embedded cluster, started by this process and stopped with it.
 *
 * <p>Implementation notes. Each cluster takes a block of {@link IgniteSettings#PORTS_PER_CLUSTER}
 * free loopback ports chosen at random, so clusters of different programs on one machine never
 * discover each other. A node is this JVM's own {@code java} with Ignite's flags, a modest heap,
 * the class path of {@link NodeClassPath} and main class {@link NodeMain}; it is ready when it
 * prints {@link NodeMain#READY}. Its standard input stays open as a lifeline: closing it, or this
 * JVM's death, halts the node. Node output after start-up is forwarded with the node's name.
 * Thread-safe for {@link #close()}; the rest is called by one owner.
 */
public final class LocalNodes implements AutoCloseable {
    private static final long START_TIMEOUT_MILLIS = Long.getLong("mp4j.cluster.nodeStartMillis", 240_000);

    private final int basePort;
    private final Path workDir;
    private final List<Process> processes = new ArrayList<>();
    private final List<String> names = new ArrayList<>();
    private final Thread hook;
    private volatile boolean closed;

    private LocalNodes(int basePort, Path workDir) {
        this.basePort = basePort;
        this.workDir = workDir;
        this.hook = new Thread(this::destroyAll, "mp4j-cluster-nodes-stop");
        Runtime.getRuntime().addShutdownHook(hook);
    }

    /**
     * Starts {@code count} server nodes and waits until each has joined.
     *
     * @param keyStore a PKCS12 or JKS key store to turn on TLS with, or null
     * @param password its password, or null
     */
    public static LocalNodes start(int count, String keyStore, char[] password) {
        if (count < 1) {
            throw new IllegalArgumentException("nodes must be >= 1, got " + count);
        }
        int base = freePortBlock();
        Path root = workRoot().resolve(ProcessHandle.current().pid() + "-" + base);
        LocalNodes nodes = new LocalNodes(base, root);
        try {
            Files.createDirectories(root);
            // one after the other: nodes that start together on a loaded machine time out joining each other
            long deadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(START_TIMEOUT_MILLIS);
            for (int i = 0; i < count; i++) {
                nodes.launch("mp4j-node-" + base + "-" + i, keyStore, password)
                        .get(Math.max(1, deadline - System.nanoTime()), TimeUnit.NANOSECONDS);
            }
            return nodes;
        } catch (TimeoutException e) {
            nodes.close();
            throw new IllegalStateException("the cluster's " + count + " nodes did not start within "
                    + START_TIMEOUT_MILLIS + " ms (-Dmp4j.cluster.nodeStartMillis)", e);
        } catch (Exception e) {
            nodes.close();
            Throwable cause = e instanceof java.util.concurrent.ExecutionException ? e.getCause() : e;
            throw new IllegalStateException("cannot start the embedded cluster: " + cause.getMessage(), cause);
        }
    }

    /** @return the discovery addresses of these nodes, for a client to join */
    public List<String> addresses() {
        return List.of("127.0.0.1:" + basePort + ".." + (basePort + 9));
    }

    /** @return the port right after the nodes' block, free for a client's communication port */
    public int clientCommPort() {
        return basePort + 10;
    }

    /** @return the node JVMs, in start order (dead ones included) */
    public List<ProcessHandle> processes() {
        synchronized (processes) {
            return processes.stream().map(Process::toHandle).toList();
        }
    }

    /** @return the consistent ids (names) of the nodes, in start order */
    public List<String> names() {
        synchronized (processes) {
            return List.copyOf(names);
        }
    }

    /** @return where the nodes keep their files; removed by {@link #close()} */
    public Path workDir() {
        return workDir;
    }

    /**
     * Starts one more node (also used to replace a dead one).
     *
     * @return completes when the node has joined
     */
    public CompletableFuture<Void> launch(String name, String keyStore, char[] password) {
        List<String> cmd = new ArrayList<>();
        cmd.add(ProcessHandle.current().info().command().orElse(Path.of(System.getProperty("java.home"), "bin", "java").toString()));
        cmd.addAll(IgniteSettings.JVM_FLAGS);
        cmd.addAll(IgniteSettings.SYSTEM_PROPERTIES);
        cmd.add("-Xmx" + heapMegabytes() + "m");
        cmd.add("-Xss1m");
        cmd.add("-XX:+UseSerialGC");
        cmd.add("-XX:TieredStopAtLevel=1".equals(System.getProperty("mp4j.cluster.nodeJit")) ? "-XX:TieredStopAtLevel=1" : "-XX:+TieredCompilation");
        cmd.add("-cp");
        cmd.add(NodeClassPath.build());
        cmd.add(NodeMain.class.getName());
        cmd.add(name);
        cmd.add(Integer.toString(basePort));
        cmd.add(workDir.resolve(name).toString());
        cmd.add(Long.toString(ProcessHandle.current().pid()));
        if (keyStore != null) {
            cmd.add(keyStore);
        }
        CompletableFuture<Void> ready = new CompletableFuture<>();
        Process p;
        try {
            p = new ProcessBuilder(cmd).start();
        } catch (IOException e) {
            ready.completeExceptionally(new IllegalStateException("cannot start node " + name + ": " + e, e));
            return ready;
        }
        synchronized (processes) {
            if (closed) {
                p.destroyForcibly();
                ready.completeExceptionally(new IllegalStateException("the cluster is closed"));
                return ready;
            }
            processes.add(p);
            names.add(name);
        }
        if (keyStore != null) {
            try {
                OutputStream in = p.getOutputStream();
                in.write((new String(password) + "\n").getBytes(StandardCharsets.UTF_8));
                in.flush();
            } catch (IOException e) {
                ready.completeExceptionally(e);
            }
        }
        ArrayDeque<String> tail = new ArrayDeque<>();
        pump(p, name, p.getInputStream(), System.out, ready, tail);
        pump(p, name, p.getErrorStream(), System.err, null, tail);
        p.onExit().thenRun(() -> {
            synchronized (tail) {
                ready.completeExceptionally(new IllegalStateException("node " + name + " exited with status "
                        + p.exitValue() + " before it was ready; its last output:\n  " + String.join("\n  ", tail)));
            }
        });
        return ready;
    }

    private static void pump(Process p, String name, java.io.InputStream from, PrintStream to,
                             CompletableFuture<Void> ready, ArrayDeque<String> tail) {
        Thread.ofPlatform().daemon().name("mp4j-node-output-" + name).start(() -> {
            try (BufferedReader r = new BufferedReader(new InputStreamReader(from, StandardCharsets.UTF_8))) {
                String line;
                while ((line = r.readLine()) != null) {
                    if (ready != null && !ready.isDone() && line.startsWith(NodeMain.READY)) {
                        ready.complete(null);
                        continue;
                    }
                    synchronized (tail) {
                        tail.addLast(line);
                        if (tail.size() > 20) {
                            tail.removeFirst();
                        }
                    }
                    if (ready == null || ready.isDone()) {
                        to.println("[" + name + "] " + line);
                    }
                }
            } catch (IOException ignored) {
                // the node is gone
            }
        });
    }

    /** Stops every node: closes its lifeline, then kills what is still running after a few seconds. */
    @Override
    public void close() {
        List<Process> all;
        synchronized (processes) {
            if (closed) {
                return;
            }
            closed = true;
            all = new ArrayList<>(processes);
        }
        for (Process p : all) {
            try {
                p.getOutputStream().close();
            } catch (IOException ignored) {
                // already gone
            }
        }
        for (Process p : all) {
            try {
                if (!p.waitFor(5, TimeUnit.SECONDS)) {
                    p.destroyForcibly().waitFor(5, TimeUnit.SECONDS);
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                p.destroyForcibly();
            }
        }
        try {
            Runtime.getRuntime().removeShutdownHook(hook);
        } catch (IllegalStateException ignored) {
            // shutting down already
        }
        deleteTree(workDir);
    }

    private void destroyAll() {
        synchronized (processes) {
            processes.forEach(Process::destroyForcibly);
        }
        deleteTree(workDir);
    }

    private static void deleteTree(Path root) {
        if (!Files.exists(root)) {
            return;
        }
        try (Stream<Path> s = Files.walk(root)) {
            s.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        } catch (IOException | RuntimeException ignored) {
            // best effort
        }
    }

    /** Where nodes keep their files: never the system temp folder (Ignite warns there, and it may be wiped). */
    static Path workRoot() {
        String configured = System.getProperty("mp4j.cluster.workDir");
        if (configured != null) {
            return Path.of(configured).toAbsolutePath();
        }
        return Path.of(System.getProperty("user.home"), ".cache", "mp4j", "ignite");
    }

    /** A heap for each node sized for this machine: a tenth of its memory, between 256 MB and 1 GB. */
    static long heapMegabytes() {
        Long configured = Long.getLong("mp4j.cluster.nodeHeapMb");
        if (configured != null) {
            return configured;
        }
        long total = 4L << 30;
        if (ManagementFactory.getOperatingSystemMXBean() instanceof com.sun.management.OperatingSystemMXBean os) {
            total = os.getTotalMemorySize();
        }
        return Math.max(256, Math.min(1024, (total >> 20) / 10));
    }

    private static int freePortBlock() {
        for (int attempt = 0; attempt < 50; attempt++) {
            int base = 20_000 + IgniteSettings.PORTS_PER_CLUSTER * ThreadLocalRandom.current().nextInt(1000);
            if (blockFree(base)) {
                return base;
            }
        }
        throw new IllegalStateException("found no block of " + IgniteSettings.PORTS_PER_CLUSTER
                + " free loopback ports for the embedded cluster");
    }

    private static boolean blockFree(int base) {
        try {
            InetAddress lo = InetAddress.getByName("127.0.0.1");
            for (int p = base; p < base + IgniteSettings.PORTS_PER_CLUSTER; p++) {
                try (ServerSocket s = new ServerSocket(p, 1, lo)) {
                    s.setReuseAddress(true);
                }
            }
            return true;
        } catch (IOException e) {
            return false;
        }
    }
}
