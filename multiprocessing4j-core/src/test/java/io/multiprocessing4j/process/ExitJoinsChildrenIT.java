package io.multiprocessing4j.process;

import io.multiprocessing4j.Multiprocessing;
import io.multiprocessing4j.MpContext;
import io.multiprocessing4j.testing.ChildJvm;
import io.multiprocessing4j.testing.NoLeftoverWorkers;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.ExtendWith;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A program's exit waits for its non-daemon children, as Python's exit joins non-daemonic
 * children, whether {@code main} returns or it calls {@code System.exit}; its daemon children are
 * killed. The program runs in a JVM of its own ({@link ChildJvm}).
 */
@ExtendWith(NoLeftoverWorkers.class)
@Timeout(value = 120, unit = TimeUnit.SECONDS)
class ExitJoinsChildrenIT {

    /**
     * The program: a daemon child that would sleep a minute, and a non-daemon child that waits
     * until the program's own shutdown hook has run (so it is still running when the exit begins),
     * then prints a line. {@code args}: a marker file, then "return" or an exit status.
     */
    public static void main(String[] args) throws Exception {
        Path marker = Path.of(args[0]);
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            try {
                Files.writeString(marker, "exiting");
            } catch (java.io.IOException e) {
                throw new java.io.UncheckedIOException(e);
            }
        }));
        MpContext ctx = Multiprocessing.context("spawn");
        ChildProcess daemon = ctx.process(() -> Thread.sleep(60_000)).daemon(true).start();
        String path = marker.toString();
        ctx.process(() -> {
            while (!Files.exists(Path.of(path))) {
                Thread.sleep(10);
            }
            System.out.println("child saw its parent exiting");
        }).start();
        System.out.println("daemon pid " + daemon.pid());
        if (!args[1].equals("return")) {
            System.exit(Integer.parseInt(args[1]));
        }
    }

    private static ChildJvm.Result run(String how) throws Exception {
        Path dir = Files.createTempDirectory("mp4j-exit-join");
        try {
            return ChildJvm.run(ExitJoinsChildrenIT.class, List.of(), List.of(dir.resolve("marker").toString(), how), 90);
        } finally {
            Files.deleteIfExists(dir.resolve("marker"));
            Files.deleteIfExists(dir);
        }
    }

    private static void assertDaemonChildGone(String output) throws Exception {
        Matcher m = Pattern.compile("daemon pid (\\d+)").matcher(output);
        assertThat(m.find()).as(output).isTrue();
        var handle = ProcessHandle.of(Long.parseLong(m.group(1)));
        if (handle.isPresent()) {
            handle.get().onExit().get(30, TimeUnit.SECONDS);
        }
    }

    @Test
    void mainReturningWaitsForTheNonDaemonChildAndItsOutput() throws Exception {
        ChildJvm.Result r = run("return");
        assertThat(r.timedOut()).as(r.output()).isFalse();
        assertThat(r.exitCode()).as(r.output()).isZero();
        assertThat(r.output()).contains("child saw its parent exiting");
        assertDaemonChildGone(r.output());
    }

    @Test
    void systemExitWaitsForTheNonDaemonChildAndKeepsItsStatus() throws Exception {
        ChildJvm.Result r = run("3");
        assertThat(r.timedOut()).as(r.output()).isFalse();
        assertThat(r.exitCode()).as(r.output()).isEqualTo(3);
        assertThat(r.output()).contains("child saw its parent exiting");
        assertDaemonChildGone(r.output());
    }
}
