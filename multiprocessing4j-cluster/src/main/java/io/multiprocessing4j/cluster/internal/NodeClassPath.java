package io.multiprocessing4j.cluster.internal;

import io.multiprocessing4j.MpContext;

import java.io.File;
import java.io.IOException;
import java.net.URI;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.jar.JarFile;

/**
 * The class path of an embedded server node: Ignite's jars, the core library and this module,
 * and nothing of the user's. User classes reach nodes by Ignite's peer class loading, as they
 * would on a real cluster, so a program that works on the embedded cluster works on a real one.
 *
 * <p>Implementation notes. The running JVM's class path is read, expanding a manifest-only jar
 * (Surefire's) into the entries of its {@code Class-Path}; entries are kept by file name.
 */
final class NodeClassPath {
    private NodeClassPath() {
    }

    static String build() {
        Set<String> keep = new LinkedHashSet<>();
        keep.add(codeSource(MpContext.class));
        keep.add(codeSource(NodeClassPath.class));
        for (Path p : entries()) {
            String file = p.getFileName() == null ? "" : p.getFileName().toString();
            if (file.startsWith("ignite-") || file.startsWith("cache-api") || file.startsWith("annotations-")) {
                keep.add(p.toString());
            }
        }
        return String.join(File.pathSeparator, keep);
    }

    private static String codeSource(Class<?> c) {
        try {
            return Path.of(c.getProtectionDomain().getCodeSource().getLocation().toURI()).toString();
        } catch (URISyntaxException e) {
            throw new IllegalStateException("cannot locate " + c.getName() + "'s jar: " + e, e);
        }
    }

    private static List<Path> entries() {
        List<Path> out = new ArrayList<>();
        for (String e : System.getProperty("java.class.path", "").split(File.pathSeparator)) {
            if (e.isEmpty()) {
                continue;
            }
            Path p = Path.of(e).toAbsolutePath();
            out.add(p);
            if (e.endsWith(".jar") && Files.isRegularFile(p)) {
                try (JarFile jar = new JarFile(p.toFile())) {
                    var mf = jar.getManifest();
                    String cp = mf == null ? null : mf.getMainAttributes().getValue("Class-Path");
                    if (cp != null) {
                        for (String ref : cp.trim().split("\\s+")) {
                            try {
                                URI u = p.getParent().toUri().resolve(ref);
                                out.add(Path.of(u));
                            } catch (RuntimeException ignored) {
                                // not a file reference
                            }
                        }
                    }
                } catch (IOException ignored) {
                    // unreadable jar: keep the entry itself only
                }
            }
        }
        return out;
    }
}
