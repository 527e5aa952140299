package io.multiprocessing4j.examples;

import io.multiprocessing4j.MpContext;
import io.multiprocessing4j.Multiprocessing;
import io.multiprocessing4j.connection.Connection;
import io.multiprocessing4j.connection.Pipe;
import io.multiprocessing4j.process.ChildProcess;

import java.io.PrintStream;

/**
 * Ping over a pipe: the parent sends words, the child answers each upper-cased.
 *
 * <pre>
 * parent, child = Pipe()
 * Process(target=shout, args=(child,)).start()
 * parent.send("ping"); print(parent.recv())   # PING
 * </pre>
 *
 * Argument: how many messages (default 3).
 */
public final class PipePing {

    private PipePing() {
    }

    public static void main(String[] args) throws Exception {
        run(System.out, args);
    }

    /** Runs the example, printing to {@code out}. */
    public static void run(PrintStream out, String... args) throws Exception {
        int n = args.length > 0 ? Integer.parseInt(args[0]) : 3;
        MpContext ctx = Multiprocessing.context();
        Pipe pipe = ctx.pipe(true);
        try (Connection parent = pipe.left(); Connection child = pipe.right()) {
            ChildProcess p = ctx.process(PipePing::shout, child).start();
            for (int i = 0; i < n; i++) {
                parent.send("ping " + i);
                out.println("reply: " + parent.recv());
            }
            parent.send("bye");
            p.join();
            out.println("child exit code " + p.exitCode());
        }
    }

    static void shout(Connection conn) throws Exception {
        while (true) {
            String word = (String) conn.recv();
            if (word.equals("bye")) {
                return;
            }
            conn.send(word.toUpperCase());
        }
    }
}
