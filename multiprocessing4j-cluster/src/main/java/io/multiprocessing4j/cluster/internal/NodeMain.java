package io.multiprocessing4j.cluster.internal;

import org.apache.ignite.Ignite;
import org.apache.ignite.Ignition;
import org.apache.ignite.configuration.IgniteConfiguration;

import java.io.IOException;
import java.io.InputStream;

/**
 * The main class of a server node JVM of an embedded cluster.
 *
 * <p>Arguments: {@code name basePort workDir parentPid [keyStore]}; a key store's password comes
 * on the first line of standard input, never on the command line. The node prints
 * {@value #READY} on standard output once it has joined, and halts when its starter exits or
 * closes the node's standard input, so a node never outlives the program that started it.
 */
public final class NodeMain {
    public static final String READY = "MP4J-NODE-READY";

    private NodeMain() {
    }

    public static void main(String[] args) throws Exception {
        if (args.length < 4) {
            System.err.println("usage: NodeMain name basePort workDir parentPid [keyStore]");
            System.exit(2);
        }
        String name = args[0];
        int basePort = Integer.parseInt(args[1]);
        String workDir = args[2];
        long parentPid = Long.parseLong(args[3]);
        IgniteSettings.applySystemProperties();
        InputStream stdin = System.in;
        IgniteConfiguration cfg = IgniteSettings.localServer(name, basePort, workDir);
        if (args.length > 4) {
            String password = readLine(stdin);
            IgniteSettings.tls(cfg, args[4], password.toCharArray());
        }
        watchParent(parentPid, stdin);
        Ignite ignite;
        try {
            ignite = Ignition.start(cfg);
        } catch (Throwable t) {
            // Ignite may leave threads running after a failed start: halt, so the starter sees the exit
            System.err.println("node " + name + " failed to start:");
            t.printStackTrace();
            System.err.flush();
            Runtime.getRuntime().halt(1);
            return;
        }
        System.out.println(READY + " " + ignite.cluster().localNode().id());
        System.out.flush();
        // the node's own threads keep the JVM alive; this thread is done
    }

    private static String readLine(InputStream in) throws IOException {
        StringBuilder sb = new StringBuilder();
        int c;
        while ((c = in.read()) >= 0 && c != '\n') {
            sb.append((char) c);
        }
        return sb.toString();
    }

    /** Halts at once when the starter exits or closes our standard input (its end of the pipe dies with it). */
    private static void watchParent(long parentPid, InputStream stdin) {
        ProcessHandle.of(parentPid).ifPresentOrElse(
                p -> p.onExit().thenRun(() -> Runtime.getRuntime().halt(0)),
                () -> Runtime.getRuntime().halt(0));
        Thread.ofPlatform().daemon().name("mp4j-node-stdin").start(() -> {
            try {
                while (stdin.read() >= 0) {
                    // a stop request is simply the end of input
                }
            } catch (IOException ignored) {
                // the pipe broke: the starter is gone
            }
            Runtime.getRuntime().halt(0);
        });
    }
}
