package io.multiprocessing4j.codeship;

import io.multiprocessing4j.pool.Pool;
import jdk.jshell.JShell;
import jdk.jshell.Snippet;
import jdk.jshell.SnippetEvent;
import jdk.jshell.SourceCodeAnalysis;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The session docs/jshell.md tells a reader to paste runs, as pasted, in a real JShell, and gives
 * the answers the page shows. (The page's snippet is JShell input, not a compilation unit, so
 * {@code DocSnippetsTest} leaves it to this test.)
 */
@Timeout(value = 300, unit = TimeUnit.SECONDS)
class JShellDocSessionIT {
    /** What the {@code jshell} tool imports at start-up (its DEFAULT start-up script). */
    private static final List<String> TOOL_IMPORTS = List.of("java.io.*", "java.math.*", "java.net.*", "java.nio.file.*",
            "java.util.*", "java.util.concurrent.*", "java.util.function.*", "java.util.prefs.*", "java.util.regex.*",
            "java.util.stream.*");

    @Test
    void theDocumentedSessionRunsAndAnswersAsThePageSays() throws Exception {
        String page = Files.readString(Path.of("").toAbsolutePath().getParent().resolve("docs/jshell.md"));
        int start = page.indexOf("```java\n") + "```java\n".length();
        String session = page.substring(start, page.indexOf("```", start));
        assertThat(session).contains("pool.map(", "pool.close();");

        String core = Path.of(Pool.class.getProtectionDomain().getCodeSource().getLocation().toURI()).toString();
        ByteArrayOutputStream output = new ByteArrayOutputStream();
        PrintStream out = new PrintStream(output, true);
        List<String> values = new ArrayList<>();
        try (JShell jshell = JShell.builder().out(out).err(out)
                .remoteVMOptions("--class-path", core, "--enable-native-access=ALL-UNNAMED").build()) {
            for (String i : TOOL_IMPORTS) {
                eval(jshell, "import " + i + ";", output);
            }
            // line by line, as the tool reads pasted input: a line that completes a snippet runs it
            SourceCodeAnalysis analysis = jshell.sourceCodeAnalysis();
            StringBuilder pending = new StringBuilder();
            for (String line : session.lines().toList()) {
                pending.append(line).append('\n');
                SourceCodeAnalysis.CompletionInfo info = analysis.analyzeCompletion(pending.toString());
                if (info.completeness().isComplete() && info.remaining().isBlank()) {
                    String value = eval(jshell, info.source(), output);
                    if (info.source().startsWith("pool.map(")) {
                        values.add(value);
                    }
                    pending.setLength(0);
                }
            }
            assertThat(pending.toString()).as("input left incomplete").isBlank();
        }
        assertThat(values).hasSize(3);
        assertThat(values.get(0)).isEqualTo("[21, 51, 101]");
        assertThat(values.get(1)).isEqualTo("[205, 505, 1005]");
        assertThat(page).as("the answers the page shows").contains("==> " + values.get(0), "==> " + values.get(1));
    }

    private static String eval(JShell jshell, String code, ByteArrayOutputStream output) {
        List<SnippetEvent> events = jshell.eval(code);
        for (SnippetEvent e : events) {
            if (e.exception() != null) {
                throw new AssertionError("snippet threw: " + code + "\n" + e.exception() + "\nJShell output:\n" + output, e.exception());
            }
            if (e.status() == Snippet.Status.REJECTED) {
                throw new AssertionError("snippet rejected: " + code + "\n"
                        + jshell.diagnostics(e.snippet()).map(d -> d.getMessage(null)).toList());
            }
        }
        return events.isEmpty() ? null : events.getFirst().value();
    }
}
