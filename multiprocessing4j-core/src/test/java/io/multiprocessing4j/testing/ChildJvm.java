package io.multiprocessing4j.testing;

import java.io.File;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * Runs a test's {@code main} in a fresh JVM on the test class path, as a program of its own (a
 * "parent" whose command line, carrier threads or memory a test must control). Output goes to a
 * file, so no thread here blocks on a pipe; a JVM that outlives the time limit is killed.
 */
public final class ChildJvm {
    /** What the JVM did: its exit status and everything it wrote to stdout and stderr. */
    public record Result(int exitCode, String output, boolean timedOut) {
    }

    private ChildJvm() {
    }

    public static Result run(Class<?> main, List<String> jvmOptions, List<String> args, long timeoutSeconds)
            throws IOException, InterruptedException {
        List<String> cmd = new ArrayList<>();
        cmd.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        cmd.add("--enable-native-access=ALL-UNNAMED");
        cmd.addAll(jvmOptions);
        cmd.add("-cp");
        cmd.add(System.getProperty("java.class.path"));
        cmd.add(main.getName());
        cmd.addAll(args);
        Path out = Files.createTempFile("mp4j-test-child-", ".log");
        try {
            Process p = new ProcessBuilder(cmd).redirectErrorStream(true).redirectOutput(out.toFile())
                    .redirectInput(ProcessBuilder.Redirect.from(new File("/dev/null"))).start();
            boolean done = p.waitFor(timeoutSeconds, TimeUnit.SECONDS);
            if (!done) {
                p.descendants().forEach(ProcessHandle::destroyForcibly);
                p.destroyForcibly();
                p.waitFor();
            }
            return new Result(done ? p.exitValue() : -1, Files.readString(out), !done);
        } finally {
            Files.deleteIfExists(out);
        }
    }
}
