package io.multiprocessing4j.codeship;

import io.multiprocessing4j.pool.Pool;
import jdk.jshell.JShell;
import jdk.jshell.Snippet;
import jdk.jshell.SnippetEvent;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A real JShell (JDI engine: snippets run in a JVM of their own, with the library on its class
 * path) runs a process pool over a lambda that uses a snippet record, a snippet method and a
 * top-level variable, none of which exists on any class path.
 */
@Timeout(value = 300, unit = TimeUnit.SECONDS)
class JShellPoolIT {
    private static JShell jshell;
    private static final ByteArrayOutputStream OUT = new ByteArrayOutputStream();

    @BeforeAll
    static void startJShell() throws Exception {
        String core = Path.of(Pool.class.getProtectionDomain().getCodeSource().getLocation().toURI()).toString();
        PrintStream out = new PrintStream(OUT, true);
        jshell = JShell.builder()
                .out(out).err(out)
                .remoteVMOptions("--class-path", core, "--enable-native-access=ALL-UNNAMED")
                .build();
        eval("import io.multiprocessing4j.*;");
        eval("import io.multiprocessing4j.pool.*;");
        eval("import java.util.*;");
        eval("record Point(int x, int y) implements java.io.Serializable { int norm2() { return x * x + y * y; } }");
        eval("var pool = Multiprocessing.context(\"spawn\").pool(2);");
    }

    @AfterAll
    static void stopJShell() {
        if (jshell != null) {
            try {
                eval("pool.close();");
                eval("pool.join();");
            } finally {
                jshell.close();
            }
        }
    }

    /** Evaluates one snippet and returns its value, failing on a rejected snippet or an exception. */
    private static String eval(String code) {
        List<SnippetEvent> events = jshell.eval(code);
        for (SnippetEvent e : events) {
            if (e.exception() != null) {
                throw new AssertionError("snippet threw: " + code + "\n" + e.exception() + "\nJShell output:\n" + OUT, e.exception());
            }
            if (e.status() == Snippet.Status.REJECTED) {
                throw new AssertionError("snippet rejected: " + code + "\n"
                        + jshell.diagnostics(e.snippet()).map(d -> d.getMessage(null)).toList());
            }
        }
        String v = events.isEmpty() ? null : events.getLast().value();
        return v != null && v.startsWith("\"") ? v.substring(1, v.length() - 1) : v;
    }

    @Test
    void aPoolMapsALambdaUsingASnippetRecordMethodAndVariableInWorkerJvmsAndPicksUpARedefinedMethod() {
        eval("int helper(int v) { return v + 1; }");
        eval("int offset = 100;");
        long snippetPid = Long.parseLong(eval("ProcessHandle.current().pid()"));

        eval("List<String> first = pool.map(x -> (helper(new Point(x, 1).norm2()) + offset) + \"@\" + ProcessHandle.current().pid(),"
                + " List.of(1, 2, 3));");
        List<String> first = Arrays.asList(eval("String.join(\",\", first)").split(","));

        assertThat(first).extracting(JShellPoolIT::value).containsExactly(103, 106, 111);
        assertThat(first).extracting(JShellPoolIT::pid).doesNotContain(snippetPid);

        eval("int helper(int v) { return v * 10; }");
        eval("offset = 1000;");
        eval("List<String> second = pool.map(x -> (helper(new Point(x, 1).norm2()) + offset) + \"@\" + ProcessHandle.current().pid(),"
                + " List.of(1, 2, 3));");
        List<String> second = Arrays.asList(eval("String.join(\",\", second)").split(","));

        assertThat(second).extracting(JShellPoolIT::value).containsExactly(1020, 1050, 1100);
        assertThat(second).extracting(JShellPoolIT::pid).doesNotContain(snippetPid);
    }

    @Test
    void snippetRecordsTravelAsItemsAndComeBackAsResults() {
        eval("List<Point> swapped = pool.map(p -> new Point(p.y(), p.x()), List.of(new Point(1, 2), new Point(3, 4)));");

        assertThat(eval("swapped.toString()")).isEqualTo("[Point[x=2, y=1], Point[x=4, y=3]]");
        assertThat(eval("swapped.get(0) instanceof Point")).isEqualTo("true");
        assertThat(eval("pool.map(Point::norm2, swapped).toString()")).isEqualTo("[5, 25]");
    }

    private static int value(String s) {
        return Integer.parseInt(s.substring(0, s.indexOf('@')));
    }

    private static long pid(String s) {
        return Long.parseLong(s.substring(s.indexOf('@') + 1));
    }
}
