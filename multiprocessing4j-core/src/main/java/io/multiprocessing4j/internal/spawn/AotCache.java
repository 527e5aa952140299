package io.multiprocessing4j.internal.spawn;

import io.multiprocessing4j.internal.worker.WorkerMain;

import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.jar.JarFile;

/**
 * An AOT cache (JEP 483/514) of the classes a worker JVM loads at start-up, trained once and
 * reused: it cuts a realistic worker's start by a third or more.
 *
 * <p>Implementation notes. The cache file is named by a hash of the Java version, the worker's
 * JVM options and every class-path jar's path, size and modification time: JDK 25.0.3 would
 * otherwise serve stale classes after a jar changes (JDK-8377932). The AOT class path must hold
 * jars only, so a class path with a directory (tests, IDEs), or a jar whose manifest adds to the
 * class path, runs without a cache. Training happens once, in the background, with a worker JVM
 * run as {@code WorkerMain --train}; until it finishes, workers start without the cache. Set
 * {@code -Dmp4j.aot=false} to turn it off, {@code -Dmp4j.aot.dir} to move it (default
 * {@code ~/.cache/multiprocessing4j/aot}).
 */
final class AotCache {
    private static final Object LOCK = new Object();
    /** Changes when what a training run records changes, so caches of an older kind are not used. */
    private static final String CACHE_FORMAT = "classes-only-2";
    private static volatile Thread training;

    private AotCache() {
    }

    /** @return the trained cache for these options, or null (and maybe start training) */
    static Path forOptions(List<String> jvmOptions) {
        if (!Boolean.parseBoolean(System.getProperty("mp4j.aot", "true"))) {
            return null;
        }
        Path file = cacheFile(jvmOptions);
        if (file == null) {
            return null;
        }
        if (Files.isRegularFile(file)) {
            return file;
        }
        startTraining(file, jvmOptions);
        return null;
    }

    /** Waits for a training run in progress, for benchmarks that want warm figures. */
    static Path awaitTrained(List<String> jvmOptions, long timeoutMillis) throws InterruptedException {
        Path file = forOptions(jvmOptions);
        if (file != null) {
            return file;
        }
        Thread t = training;
        if (t != null) {
            t.join(timeoutMillis);
        }
        return forOptions(jvmOptions);
    }

    /** The last answer of {@link #cacheFile} per option list, with the class path state it was computed for. */
    private static final java.util.concurrent.ConcurrentHashMap<List<String>, Known> KNOWN =
            new java.util.concurrent.ConcurrentHashMap<>();

    private record Known(List<String> classPathState, Path file) {
    }

    /**
     * The cache file for these options and the current class path, or null when the class path
     * cannot have one. Every start asks: a repeat costs one {@code stat} per class-path entry (its
     * size and time), and the hash and the jar manifests are read again only when one changed.
     */
    static Path cacheFile(List<String> jvmOptions) {
        List<String> cp = JavaCommand.classPath();
        if (cp.isEmpty()) {
            return null;
        }
        try {
            List<String> state = new ArrayList<>(cp.size());
            for (String entry : cp) {
                Path p = Path.of(entry);
                if (!entry.endsWith(".jar") || !Files.isRegularFile(p)) {
                    return null;
                }
                state.add(p.toAbsolutePath() + "\0" + Files.size(p) + "\0" + Files.getLastModifiedTime(p).toMillis());
            }
            Known known = KNOWN.get(jvmOptions);
            if (known != null && known.classPathState().equals(state)) {
                return known.file();
            }
            Path file = computeCacheFile(jvmOptions, cp, state);
            KNOWN.put(List.copyOf(jvmOptions), new Known(state, file));
            return file;
        } catch (IOException | NoSuchAlgorithmException e) {
            return null;
        }
    }

    private static Path computeCacheFile(List<String> jvmOptions, List<String> cp, List<String> state)
            throws IOException, NoSuchAlgorithmException {
        for (String entry : cp) {
            if (hasManifestClassPath(Path.of(entry))) {
                return null;
            }
        }
        MessageDigest sha = MessageDigest.getInstance("SHA-256");
        sha.update(CACHE_FORMAT.getBytes(StandardCharsets.UTF_8));
        sha.update(Runtime.version().toString().getBytes(StandardCharsets.UTF_8));
        sha.update(JavaCommand.javaExecutable().getBytes(StandardCharsets.UTF_8));
        for (String o : jvmOptions) {
            sha.update(o.getBytes(StandardCharsets.UTF_8));
            sha.update((byte) 0);
        }
        for (String s : state) {
            sha.update(s.getBytes(StandardCharsets.UTF_8));
        }
        String name = HexFormat.of().formatHex(sha.digest(), 0, 12) + ".aot";
        return cacheDir().resolve(name);
    }

    private static boolean hasManifestClassPath(Path jar) throws IOException {
        try (JarFile jf = new JarFile(jar.toFile())) {
            var mf = jf.getManifest();
            return mf != null && mf.getMainAttributes().getValue("Class-Path") != null;
        }
    }

    static Path cacheDir() {
        String dir = System.getProperty("mp4j.aot.dir");
        if (dir != null) {
            return Path.of(dir);
        }
        return Path.of(System.getProperty("user.home"), ".cache", "multiprocessing4j", "aot");
    }

    private static void startTraining(Path file, List<String> jvmOptions) {
        synchronized (LOCK) {
            if (training != null && training.isAlive()) {
                return;
            }
            sweepAbandoned(file.getParent());
            training = Thread.ofPlatform().daemon().name("mp4j-aot-training").start(() -> train(file, jvmOptions));
        }
    }

    /**
     * Deletes the temporary files of training runs whose parent died before it could rename the
     * result ({@code NAME.aot.PID.tmp} and the JDK's {@code .config} beside it).
     */
    private static void sweepAbandoned(Path dir) {
        if (!Files.isDirectory(dir)) {
            return;
        }
        try (var files = Files.list(dir)) {
            files.forEach(f -> {
                String n = f.getFileName().toString();
                int tmp = n.indexOf(".aot.");
                if (tmp < 0 || !(n.endsWith(".tmp") || n.endsWith(".tmp.config"))) {
                    return;
                }
                String pid = n.substring(tmp + 5, n.indexOf(".tmp"));
                try {
                    if (ProcessHandle.of(Long.parseLong(pid)).map(ProcessHandle::isAlive).orElse(false)) {
                        return;
                    }
                    Files.deleteIfExists(f);
                } catch (NumberFormatException | IOException ignored) {
                    // not ours, or gone already
                }
            });
        } catch (IOException ignored) {
            // nothing to sweep
        }
    }

    private static void train(Path file, List<String> jvmOptions) {
        Path tmp = null;
        try {
            // owner-only: a cache another user could write would be code this user's workers run
            Files.createDirectories(file.getParent(), java.nio.file.attribute.PosixFilePermissions.asFileAttribute(
                    java.nio.file.attribute.PosixFilePermissions.fromString("rwx------")));
            tmp = file.resolveSibling(file.getFileName() + "." + ProcessHandle.current().pid() + ".tmp");
            List<String> cmd = new ArrayList<>();
            cmd.add(JavaCommand.javaExecutable());
            cmd.addAll(JavaCommand.baseOptions(jvmOptions));
            cmd.addAll(jvmOptions);
            cmd.add("-XX:AOTCacheOutput=" + tmp);
            // Classes only, no method profiles: with the training run's profiles replayed, every
            // worker JIT-compiled some 200 methods while it started (about 40 % of a no-op worker's
            // CPU) for code that a short-lived worker runs a few times
            cmd.add("-XX:+UnlockDiagnosticVMOptions");
            cmd.add("-XX:-AOTRecordTraining");
            cmd.add("-Xlog:aot=off");
            cmd.add("-Xlog:cds=off");
            cmd.add("-cp");
            cmd.add(String.join(File.pathSeparator, JavaCommand.classPath()));
            cmd.add(WorkerMain.class.getName());
            cmd.add(WorkerMain.TRAIN_FLAG);
            Process p = new ProcessBuilder(cmd).redirectErrorStream(true)
                    .redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
            if (!p.waitFor(180, TimeUnit.SECONDS)) {
                p.destroyForcibly();
                return;
            }
            if (p.exitValue() == 0 && Files.size(tmp) > 0) {
                Files.move(tmp, file, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
            }
        } catch (IOException e) {
            // no cache: workers start a little slower, nothing else changes
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } finally {
            if (tmp != null) {
                try {
                    Files.deleteIfExists(tmp);
                } catch (IOException ignored) {
                    // best-effort
                }
            }
        }
    }
}
