package io.multiprocessing4j.internal.codeship;

import java.io.File;
import java.net.JarURLConnection;
import java.net.URI;
import java.net.URISyntaxException;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * Decides whether a worker JVM can load a class from its own class path, or must be sent its bytes.
 *
 * <p>Implementation notes. A worker gets this JVM's class path and module path plus the file URLs
 * of the {@link URLClassLoader}s between the context loader and the system loader (the launcher
 * builds the same list). So a class is the worker's when the bootstrap, platform or system loader
 * defined it, or when its class file's URL (from its defining loader) is a file or a jar on that
 * list; a {@code jrt:} URL is the JDK's. Anything else, a {@code jshell:} URL, a jar the worker was
 * not given, a loader's own scheme, is in memory only and must travel. A class whose loader returns
 * no URL at all cannot be shipped. The answer for a {@code Class} never changes, so it is cached in
 * a {@link ClassValue}; the path list is rebuilt when a class is first judged, because a context
 * loader may gain URLs (JShell's {@code /env --class-path}).
 */
final class WorkerClassPath {
    enum Verdict { WORKER_HAS, SHIP, NO_BYTES, HIDDEN }

    private static final ClassValue<Verdict> VERDICTS = new ClassValue<>() {
        @Override
        protected Verdict computeValue(Class<?> c) {
            return judge(c);
        }
    };

    private WorkerClassPath() {
    }

    static Verdict of(Class<?> c) {
        while (c.isArray()) {
            c = c.getComponentType();
        }
        if (c.isPrimitive()) {
            return Verdict.WORKER_HAS;
        }
        return VERDICTS.get(c);
    }

    static String resourceName(String binaryName) {
        return binaryName.replace('.', '/') + ".class";
    }

    private static Verdict judge(Class<?> c) {
        ClassLoader l = c.getClassLoader();
        if (l == null || l == ClassLoader.getPlatformClassLoader() || l == ClassLoader.getSystemClassLoader()) {
            return Verdict.WORKER_HAS;
        }
        if (c.isHidden()) {
            return Verdict.HIDDEN;
        }
        URL u = l.getResource(resourceName(c.getName()));
        if (u == null) {
            return Verdict.NO_BYTES;
        }
        return byUrl(u, entries());
    }

    /** The verdict for a class file found at {@code u}. */
    static Verdict byUrl(URL u, Set<Path> entries) {
        String protocol = u.getProtocol();
        if ("jrt".equals(protocol)) {
            return Verdict.WORKER_HAS;
        }
        Path p = localPath(u);
        if (p == null) {
            return Verdict.SHIP;
        }
        for (Path e : entries) {
            if (p.equals(e) || p.startsWith(e)) {
                return Verdict.WORKER_HAS;
            }
        }
        return Verdict.SHIP;
    }

    /** The jar or class file a URL points into, or null when it is not a local file. */
    private static Path localPath(URL u) {
        try {
            if ("file".equals(u.getProtocol())) {
                return Path.of(u.toURI()).toAbsolutePath().normalize();
            }
            if ("jar".equals(u.getProtocol())) {
                URL jar = ((JarURLConnection) u.openConnection()).getJarFileURL();
                return "file".equals(jar.getProtocol()) ? Path.of(jar.toURI()).toAbsolutePath().normalize() : null;
            }
        } catch (java.io.IOException | URISyntaxException | RuntimeException e) {
            return null;
        }
        return null;
    }

    /** The class path and module path entries a worker started now would get, absolute. */
    static Set<Path> entries() {
        Set<Path> out = new LinkedHashSet<>();
        for (String prop : List.of("java.class.path", "jdk.module.path")) {
            for (String e : System.getProperty(prop, "").split(File.pathSeparator)) {
                if (!e.isBlank()) {
                    out.add(Path.of(e).toAbsolutePath().normalize());
                }
            }
        }
        ClassLoader system = ClassLoader.getSystemClassLoader();
        List<ClassLoader> chain = new ArrayList<>();
        for (ClassLoader l = Thread.currentThread().getContextClassLoader(); l != null && l != system; l = l.getParent()) {
            chain.add(l);
        }
        for (ClassLoader l : chain) {
            if (l instanceof URLClassLoader ucl) {
                for (URL u : ucl.getURLs()) {
                    try {
                        if ("file".equals(u.getProtocol())) {
                            out.add(Path.of(new URI(u.toString())).toAbsolutePath().normalize());
                        }
                    } catch (URISyntaxException | IllegalArgumentException ignored) {
                        // not a local file: a worker could not load from it
                    }
                }
            }
        }
        return out;
    }
}
