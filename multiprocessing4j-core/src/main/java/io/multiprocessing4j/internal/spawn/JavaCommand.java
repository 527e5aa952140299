package io.multiprocessing4j.internal.spawn;

import io.multiprocessing4j.internal.worker.WorkerMain;

import java.io.File;
import java.net.URISyntaxException;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * Builds the command line of a worker JVM: this JVM's own {@code java}, the class path (or module
 * path) that loads the caller's classes, the JVM options, and {@link WorkerMain}.
 *
 * <p>Implementation notes. The class path is {@code java.class.path} plus the URLs of any
 * {@link URLClassLoader} between the context class loader and the system loader, so code started
 * from a child class loader (Maven's {@code exec:java}, an application server) is found in the
 * worker too. Workers default to the serial collector: they are small and short-lived, and it
 * starts faster; a user's own {@code -XX:+Use...GC} option replaces it.
 */
final class JavaCommand {
    private static final String WORKER_MAIN = WorkerMain.class.getName();

    private JavaCommand() {
    }

    static String javaExecutable() {
        Optional<String> cmd = ProcessHandle.current().info().command();
        if (cmd.isPresent() && Files.isExecutable(Path.of(cmd.get()))) {
            return cmd.get();
        }
        return Path.of(System.getProperty("java.home"), "bin", "java").toString();
    }

    static List<String> classPath() {
        Set<String> entries = new LinkedHashSet<>();
        for (String e : System.getProperty("java.class.path", "").split(File.pathSeparator)) {
            if (!e.isBlank()) {
                entries.add(e);
            }
        }
        ClassLoader system = ClassLoader.getSystemClassLoader();
        List<ClassLoader> chain = new ArrayList<>();
        for (ClassLoader l = Thread.currentThread().getContextClassLoader(); l != null && l != system; l = l.getParent()) {
            chain.add(l);
        }
        for (int i = chain.size() - 1; i >= 0; i--) {
            if (chain.get(i) instanceof URLClassLoader ucl) {
                for (URL u : ucl.getURLs()) {
                    try {
                        if ("file".equals(u.getProtocol())) {
                            entries.add(Path.of(u.toURI()).toString());
                        }
                    } catch (URISyntaxException | IllegalArgumentException ignored) {
                        // not a local file: a worker could not load from it anyway
                    }
                }
            }
        }
        return List.copyOf(entries);
    }

    /** The options every worker gets, before the user's. */
    static List<String> baseOptions(List<String> userOptions) {
        List<String> opts = new ArrayList<>();
        opts.add("--enable-native-access=ALL-UNNAMED");
        boolean userChoseGc = userOptions.stream().anyMatch(o -> o.startsWith("-XX:+Use") && o.endsWith("GC"));
        if (!userChoseGc) {
            opts.add("-XX:+UseSerialGC");
        }
        for (String p : List.of("mp4j.maxFrameBytes", "mp4j.serialFilter", "mp4j.manager.spinMicros", "mp4j.handshakeTimeoutMillis", "mp4j.tcpKeepAliveSeconds")) {
            String v = System.getProperty(p);
            if (v != null) {
                opts.add("-D" + p + "=" + v);
            }
        }
        return opts;
    }

    /**
     * The whole command.
     *
     * @param aotCache an AOT cache to use, or null
     */
    static List<String> build(LaunchSpec spec, Path aotCache, List<String> extraOptions) {
        List<String> cmd = new ArrayList<>();
        cmd.add(javaExecutable());
        cmd.addAll(baseOptions(spec.jvmOptions()));
        if (aotCache != null) {
            cmd.add("-XX:AOTCache=" + aotCache);
            cmd.add("-Xlog:aot=off");
            cmd.add("-Xlog:cds=off");
        }
        cmd.addAll(extraOptions);
        cmd.addAll(spec.jvmOptions());
        String modulePath = System.getProperty("jdk.module.path");
        if (modulePath != null && !modulePath.isBlank() && WorkerMain.class.getModule().isNamed()) {
            // on the module path the library is a named module: ALL-UNNAMED does not cover it
            cmd.add("--enable-native-access=" + WorkerMain.class.getModule().getName());
            cmd.add("--module-path");
            cmd.add(modulePath);
            cmd.add("--add-modules");
            cmd.add("ALL-MODULE-PATH");
            List<String> cp = classPath();
            if (!cp.isEmpty()) {
                cmd.add("-cp");
                cmd.add(String.join(File.pathSeparator, cp));
            }
            cmd.add("-m");
            cmd.add(WorkerMain.class.getModule().getName() + "/" + WORKER_MAIN);
        } else {
            cmd.add("-cp");
            cmd.add(String.join(File.pathSeparator, classPath()));
            cmd.add(WORKER_MAIN);
        }
        return cmd;
    }
}
