package io.multiprocessing4j.internal.spawn;

import io.multiprocessing4j.Multiprocessing;
import io.multiprocessing4j.process.ChildProcess;
import org.junit.jupiter.api.Test;
import org.springframework.boot.loader.launch.LaunchedClassLoader;

import java.io.IOException;
import java.net.URI;
import java.net.URL;
import java.net.URLClassLoader;
import java.net.URLConnection;
import java.net.URLStreamHandler;

import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * A nested-jar launcher (Spring Boot's executable jar) cannot be reproduced in a worker: start()
 * says so and how to run instead. Fake loaders with the launcher's name and URL shapes stand in for it.
 */
class NestedJarLauncherTest {
    /** URLs of a scheme the JDK has no handler for ({@code nested:}) need one to exist at all. */
    private static final URLStreamHandler NO_IO = new URLStreamHandler() {
        @Override
        protected URLConnection openConnection(URL u) throws IOException {
            throw new IOException("not opened in this test");
        }
    };

    private static URL url(String spec) throws Exception {
        return URL.of(URI.create(spec), NO_IO);
    }

    @Test
    void startingAProcessUnderSpringBootsLauncherFailsNamingTheLauncherAndTheWayOut() throws Exception {
        ClassLoader boot = new LaunchedClassLoader(new URL[] {url("jar:nested:/srv/app.jar/!BOOT-INF/lib/dep.jar!/")},
                getClass().getClassLoader());
        ChildProcess p = Multiprocessing.context("spawn").process(() -> { });
        assertThatThrownBy(() -> runWithContextLoader(boot, p::start))
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("nested-jar launcher")
                .hasMessageContaining("Spring Boot's org.springframework.boot.loader.launch.LaunchedClassLoader")
                .hasMessageContaining("jar:nested:/srv/app.jar/!BOOT-INF/lib/dep.jar!/")
                .hasMessageContaining("-Djarmode=tools")
                .hasMessageContaining("BOOT-INF/lib/*");
    }

    @Test
    void anyClassLoaderWithJarInsideAJarUrlsIsRefused() throws Exception {
        ClassLoader older = new URLClassLoader(new URL[] {url("jar:file:/srv/app.jar!/BOOT-INF/lib/dep.jar!/")},
                getClass().getClassLoader());
        assertThatThrownBy(() -> NestedJars.check(older))
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("jar:file:/srv/app.jar!/BOOT-INF/lib/dep.jar!/");
    }

    @Test
    void plainJarsAndClassDirectoriesInAChildLoaderAreFine() throws Exception {
        ClassLoader plain = new URLClassLoader(new URL[] {
                URI.create("file:/srv/lib/dep.jar").toURL(), URI.create("file:/srv/classes/").toURL(),
                URI.create("jar:file:/srv/lib/other.jar!/").toURL()}, getClass().getClassLoader());
        assertThatCode(() -> NestedJars.check(plain)).doesNotThrowAnyException();
        assertThatCode(() -> NestedJars.check(Thread.currentThread().getContextClassLoader())).doesNotThrowAnyException();
    }

    private static void runWithContextLoader(ClassLoader loader, Runnable action) {
        Thread t = Thread.currentThread();
        ClassLoader before = t.getContextClassLoader();
        t.setContextClassLoader(loader);
        try {
            action.run();
        } finally {
            t.setContextClassLoader(before);
        }
    }
}
