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
 *
 * <p>Workers also compile later: {@code -XX:CompileThresholdScaling} (default
 * {@value #DEFAULT_COMPILE_THRESHOLD_SCALING}, {@code -Dmp4j.worker.compileThresholdScaling}) multiplies
 * the invocation and loop counts at which the JIT compiles a method. A worker's start runs a few
 * hundred methods a few hundred times each, which at the JVM's thresholds sends them all to the
 * compiler: compilations that were a third of a no-op worker's CPU. A task's hot loop runs millions of
 * times and reaches the scaled thresholds within milliseconds. A user's own option replaces it.
 *
 * <p>Workers inherit the system properties given on this JVM's command line ({@code -Dk=v}), as
 * Python's spawn hands the child its parent's {@code sys.argv}: a program that reads a setting
 * with {@code System.getProperty} sees the same value in its workers. They are taken from the
 * JVM's input arguments once, at first use, so a warm spare and a worker started later get the
 * same ones; properties set at run time with {@code System.setProperty} do not travel. Left out:
 * what the launcher sets itself (class path, module path) and what would clash in a second JVM
 * (a JMX port). Other JVM options ({@code -Xmx}, agents, {@code -agentlib:jdwp}) never travel
 * unless the pool's or process's options name them. The order is inherited properties, then the
 * library's own, then the caller's options, so the caller's win (the last {@code -D} of a name
 * wins).
 */
final class JavaCommand {
    private static final String WORKER_MAIN = WorkerMain.class.getName();
    static final String DEFAULT_COMPILE_THRESHOLD_SCALING = "5";

    /** Properties never copied from the parent's command line. */
    private static final Set<String> NOT_INHERITED = Set.of("java.class.path", "java.home", "sun.java.command",
            "sun.java.launcher", "java.system.class.loader");
    private static final List<String> NOT_INHERITED_PREFIXES = List.of("jdk.module.", "com.sun.management.jmxremote",
            "jdk.internal.", "mp4j.test.noInherit");

    private static volatile boolean inheritSystemProperties =
            !"false".equalsIgnoreCase(System.getProperty("mp4j.inheritSystemProperties", "true"));

    private JavaCommand() {
    }

    private static final class Inherited {
        static final List<String> OPTIONS = inheritableOptions(
                java.lang.management.ManagementFactory.getRuntimeMXBean().getInputArguments());
    }

    /** Whether new workers get the parent's command-line system properties. */
    static boolean inheritSystemProperties() {
        return inheritSystemProperties;
    }

    static void inheritSystemProperties(boolean inherit) {
        inheritSystemProperties = inherit;
    }

    /** The {@code -D} options of {@code inputArguments} that workers inherit, in order. */
    static List<String> inheritableOptions(List<String> inputArguments) {
        List<String> out = new ArrayList<>();
        for (String a : inputArguments) {
            if (!a.startsWith("-D") || a.length() < 3) {
                continue;
            }
            int eq = a.indexOf('=');
            String name = eq < 0 ? a.substring(2) : a.substring(2, eq);
            if (NOT_INHERITED.contains(name) || NOT_INHERITED_PREFIXES.stream().anyMatch(name::startsWith)) {
                continue;
            }
            out.add(a);
        }
        return List.copyOf(out);
    }

    /** What a worker started now inherits from this JVM's command line. */
    static List<String> inheritedOptions() {
        return inheritSystemProperties ? Inherited.OPTIONS : List.of();
    }

    /**
     * This JVM's own {@code java}, found once: reading it from {@code /proc} cost 50-300 µs of every
     * {@code start()}, and it cannot change while this JVM runs.
     */
    static String javaExecutable() {
        return Executable.PATH;
    }

    private static final class Executable {
        static final String PATH = find();

        private static String find() {
            Optional<String> cmd = ProcessHandle.current().info().command();
            if (cmd.isPresent() && Files.isExecutable(Path.of(cmd.get()))) {
                return cmd.get();
            }
            return Path.of(System.getProperty("java.home"), "bin", "java").toString();
        }
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
        boolean userChoseScaling = userOptions.stream().anyMatch(o -> o.startsWith("-XX:CompileThresholdScaling="));
        double scaling = compileThresholdScaling();
        if (!userChoseScaling && scaling != 1) {
            opts.add("-XX:CompileThresholdScaling=" + System.getProperty("mp4j.worker.compileThresholdScaling",
                    DEFAULT_COMPILE_THRESHOLD_SCALING).strip());
        }
        for (String p : List.of("mp4j.maxFrameBytes", "mp4j.serialFilter", "mp4j.serialFilterMode", "mp4j.maxPendingHandshakes", "mp4j.manager.spinMicros", "mp4j.handshakeTimeoutMillis", "mp4j.tcpKeepAliveSeconds")) {
            String v = System.getProperty(p);
            if (v != null) {
                opts.add("-D" + p + "=" + v);
            }
        }
        return opts;
    }

    /**
     * {@code -Dmp4j.worker.compileThresholdScaling}, checked here: a value the JVM refuses would
     * otherwise fail every worker's start with a JVM error far from its cause.
     */
    static double compileThresholdScaling() {
        String v = System.getProperty("mp4j.worker.compileThresholdScaling", DEFAULT_COMPILE_THRESHOLD_SCALING).strip();
        double d;
        try {
            d = Double.parseDouble(v);
        } catch (NumberFormatException e) {
            d = Double.NaN;
        }
        if (!(d > 0) || Double.isInfinite(d)) {
            throw new IllegalArgumentException("-Dmp4j.worker.compileThresholdScaling=" + v
                    + " is not a positive number: use e.g. " + DEFAULT_COMPILE_THRESHOLD_SCALING
                    + " (the default), or 1 for the JVM's own thresholds");
        }
        return d;
    }

    /**
     * The whole command.
     *
     * @param aotCache an AOT cache to use, or null
     */
    static List<String> build(LaunchSpec spec, Path aotCache, List<String> extraOptions) {
        return build(spec, aotCache, extraOptions, inheritedOptions());
    }

    /** As above, with the inherited property options given. */
    static List<String> build(LaunchSpec spec, Path aotCache, List<String> extraOptions, List<String> inherited) {
        List<String> cmd = new ArrayList<>();
        cmd.add(javaExecutable());
        cmd.addAll(inherited);
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
