package io.multiprocessing4j;

import io.multiprocessing4j.internal.worker.WorkerMain;
import io.multiprocessing4j.testing.FatJarApp;
import io.multiprocessing4j.testing.NoLeftoverWorkers;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.jar.Attributes;
import java.util.jar.JarEntry;
import java.util.jar.JarOutputStream;
import java.util.jar.Manifest;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A fat jar (the library and the application in one jar, as the Maven Shade plugin makes it) run
 * with {@code java -jar}: workers start from it. (The tests themselves run from class
 * directories, as an IDE does; {@code consumer-check/run.sh} repeats both with a real Shade build.)
 */
@ExtendWith(NoLeftoverWorkers.class)
@Timeout(value = 180, unit = TimeUnit.SECONDS)
class FatJarIT {

    @Test
    void anApplicationInOneJarRunWithJavaJarStartsPoolWorkersAndProcessesFromIt(@TempDir Path dir) throws Exception {
        Path jar = dir.resolve("app-all.jar");
        Manifest manifest = new Manifest();
        manifest.getMainAttributes().put(Attributes.Name.MANIFEST_VERSION, "1.0");
        manifest.getMainAttributes().put(Attributes.Name.MAIN_CLASS, FatJarApp.class.getName());
        manifest.getMainAttributes().putValue("Enable-Native-Access", "ALL-UNNAMED");
        try (JarOutputStream out = new JarOutputStream(Files.newOutputStream(jar), manifest)) {
            Path library = classesOf(WorkerMain.class);
            addTree(out, library, library);
            Path app = classesOf(FatJarApp.class);
            addTree(out, app, app.resolve("io/multiprocessing4j/testing"), "FatJarApp");
        }
        String java = ProcessHandle.current().info().command().orElseThrow();
        Process run = new ProcessBuilder(java, "-Dmp4j.aot=false", "-Dmp4j.spareWorkers=0", "-jar", jar.toString())
                .redirectErrorStream(true).start();
        run.getOutputStream().close();
        String output = new String(run.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(run.waitFor(120, TimeUnit.SECONDS)).isTrue();
        assertThat(run.exitValue()).as(output).isZero();
        assertThat(output).contains("pool [1, 4, 9]", "child class path " + jar, "child exit 0");
    }

    private static Path classesOf(Class<?> c) throws Exception {
        Path p = Path.of(c.getProtectionDomain().getCodeSource().getLocation().toURI());
        assertThat(p).as("tests run from class directories").isDirectory();
        return p;
    }

    private static void addTree(JarOutputStream out, Path root, Path from, String... namePrefixes) throws IOException {
        try (Stream<Path> files = Files.walk(from)) {
            for (Path f : files.filter(Files::isRegularFile).sorted().toList()) {
                String name = root.relativize(f).toString().replace('\\', '/');
                if (name.equals("META-INF/MANIFEST.MF") || name.endsWith("module-info.class")) {
                    continue; // a shaded jar is one class-path jar; its manifest is the application's
                }
                if (namePrefixes.length > 0 && List.of(namePrefixes).stream().noneMatch(p -> f.getFileName().toString().startsWith(p))) {
                    continue;
                }
                out.putNextEntry(new JarEntry(name));
                Files.copy(f, out);
                out.closeEntry();
            }
        }
    }
}
