package io.multiprocessing4j.cli.bench;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * Runs the CPython side of a scenario: {@code python3 mp4j_bench.py --scenario NAME [--quick]
 * [--workers N] args...}, one JSON record per line of its standard output.
 *
 * <p>The script ships in the CLI jar as {@code /python/mp4j_bench.py} and is copied to a temporary
 * file on first use. When the arguments contain {@code --pinned} and {@code taskset} exists, the
 * whole interpreter runs under {@code taskset -c 0}, so parent and children share one CPU.
 * Not thread-safe: the bench runs one scenario at a time.
 */
public final class PythonRunner {

    /** The resource path of the CPython benchmark script. */
    public static final String SCRIPT_RESOURCE = "/python/mp4j_bench.py";

    private static final long TIMEOUT_MINUTES = 10;

    private final String python;
    private Path script;

    /** @param python the interpreter command, e.g. {@code python3} */
    public PythonRunner(String python) {
        this.python = python;
    }

    /** @return whether {@code command} is an executable file on the PATH */
    public static boolean onPath(String command) {
        String path = System.getenv("PATH");
        if (path == null) {
            return false;
        }
        for (String dir : path.split(java.io.File.pathSeparator)) {
            Path p = Path.of(dir.isEmpty() ? "." : dir, command);
            if (Files.isRegularFile(p) && Files.isExecutable(p)) {
                return true;
            }
        }
        return false;
    }

    /** Runs one scenario of the script and returns the records it printed. */
    public List<BenchRecord> run(String scenario, boolean quick, int workers, List<String> args)
            throws IOException, InterruptedException {
        List<String> cmd = new ArrayList<>();
        if (args.contains("--pinned") && onPath("taskset")) {
            cmd.addAll(List.of("taskset", "-c", "0"));
        }
        cmd.addAll(List.of(python, scriptPath().toString(), "--scenario", scenario, "--workers", Integer.toString(workers)));
        if (quick) {
            cmd.add("--quick");
        }
        cmd.addAll(args);
        Process p = new ProcessBuilder(cmd).redirectInput(ProcessBuilder.Redirect.from(new java.io.File("/dev/null"))).start();
        StringBuilder err = new StringBuilder();
        Thread errPump = Thread.ofPlatform().daemon().start(() -> {
            try (InputStream in = p.getErrorStream()) {
                err.append(new String(in.readAllBytes(), StandardCharsets.UTF_8));
            } catch (IOException ignored) {
                // the process went away; what was read is kept
            }
        });
        List<BenchRecord> out = new ArrayList<>();
        try (BufferedReader r = new BufferedReader(new InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8))) {
            String line;
            while ((line = r.readLine()) != null) {
                if (line.startsWith("{")) {
                    out.add(Json.toRecord(Json.parse(line)));
                }
            }
        }
        if (!p.waitFor(TIMEOUT_MINUTES, TimeUnit.MINUTES)) {
            p.destroyForcibly();
            throw new IOException("python3 " + scenario + " did not finish within " + TIMEOUT_MINUTES + " minutes");
        }
        errPump.join();
        if (p.exitValue() != 0) {
            throw new IOException("python3 --scenario " + scenario + " exited with " + p.exitValue()
                    + ": " + lastLines(err.toString(), 5));
        }
        return out;
    }

    private synchronized Path scriptPath() throws IOException {
        if (script == null) {
            try (InputStream in = PythonRunner.class.getResourceAsStream(SCRIPT_RESOURCE)) {
                if (in == null) {
                    throw new IOException("the CPython script " + SCRIPT_RESOURCE + " is missing from the class path");
                }
                Path f = Files.createTempFile("mp4j_bench", ".py");
                f.toFile().deleteOnExit();
                Files.copy(in, f, StandardCopyOption.REPLACE_EXISTING);
                script = f;
            }
        }
        return script;
    }

    private static String lastLines(String s, int n) {
        String[] lines = s.strip().split("\\R");
        return String.join(" | ", java.util.Arrays.asList(lines).subList(Math.max(0, lines.length - n), lines.length));
    }
}
