package io.multiprocessing4j.internal.spawn;

import java.net.URL;
import java.net.URLClassLoader;
import java.util.Locale;

/**
 * Refuses to start workers from a nested-jar launcher, whose class path a worker JVM cannot
 * reproduce.
 *
 * <p>Implementation notes. A worker gets this JVM's class path as plain {@code -cp} entries. A
 * launcher such as Spring Boot's loads the application from jars inside a jar
 * ({@code BOOT-INF/lib/*.jar}, URLs like {@code jar:nested:/app.jar/!BOOT-INF/lib/x.jar!/}, or
 * {@code jar:file:/app.jar!/BOOT-INF/lib/x.jar!/} before Spring Boot 3.2); {@code java -cp app.jar}
 * sees only the launcher. Without this check the worker would start and then fail to load the
 * task's class, far from the cause. Recognised: a class loader of Spring Boot's loader package,
 * and any {@code URLClassLoader} URL that points inside a jar.
 */
final class NestedJars {
    private NestedJars() {
    }

    /**
     * @param contextLoader the class loader the caller's code runs in
     * @throws IllegalStateException naming the launcher and the way out, when it is a nested-jar one
     */
    static void check(ClassLoader contextLoader) {
        ClassLoader system = ClassLoader.getSystemClassLoader();
        for (ClassLoader l = contextLoader; l != null && l != system; l = l.getParent()) {
            String loaderName = l.getClass().getName();
            boolean springBoot = loaderName.startsWith("org.springframework.boot.loader.");
            String nestedUrl = null;
            if (l instanceof URLClassLoader ucl) {
                for (URL u : ucl.getURLs()) {
                    if (isNested(u)) {
                        nestedUrl = u.toString();
                        break;
                    }
                }
            }
            if (springBoot || nestedUrl != null) {
                throw new IllegalStateException("cannot start a worker JVM from a nested-jar launcher: the code runs in "
                        + (springBoot ? "Spring Boot's " : "") + loaderName
                        + (nestedUrl != null ? " loading " + nestedUrl : "")
                        + ", and a worker JVM cannot load classes from jars inside a jar. Run the application from a plain"
                        + " class path instead: with Spring Boot, `java -Djarmode=tools -jar app.jar extract` then"
                        + " `java -jar app/app.jar`, or unzip the jar and run `java -cp 'BOOT-INF/classes:BOOT-INF/lib/*' <main class>`;"
                        + " a jar built with the Maven Shade plugin also works. Or use Multiprocessing.context(\"thread\").");
            }
        }
    }

    private static boolean isNested(URL u) {
        String s = u.toString().toLowerCase(Locale.ROOT);
        return s.startsWith("nested:") || s.startsWith("jar:nested:")
                || (s.startsWith("jar:") && s.indexOf("!/") >= 0 && s.indexOf("!/") < s.length() - 2);
    }
}
