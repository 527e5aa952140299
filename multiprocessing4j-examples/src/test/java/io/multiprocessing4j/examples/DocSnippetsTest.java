package io.multiprocessing4j.examples;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;

import javax.tools.Diagnostic;
import javax.tools.DiagnosticCollector;
import javax.tools.JavaCompiler;
import javax.tools.JavaFileObject;
import javax.tools.SimpleJavaFileObject;
import javax.tools.StandardJavaFileManager;
import javax.tools.ToolProvider;
import java.io.IOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Every {@code ```java} snippet in README.md and docs/*.md compiles against the library (core,
 * dashboard and cluster: this module's class path), with the imports the page shows.
 *
 * <p>How a snippet becomes a compilation unit. Its imports are the page's own line
 * "The snippets on this page import `a.b.*`, `c.D` ...", the snippet's {@code import} lines, and
 * its {@code // imports: a.b.C, d.e.*} comment lines; nothing else is imported for it (so a page
 * that forgets an import fails here). Declarations the prose supplies (a {@code ctx}, the
 * {@code items} of a list, a {@code Work} class with a {@code slow} method) come from an HTML
 * comment just above the fence, {@code <!-- given: MpContext ctx; List<Integer> items; -->},
 * which a reader does not see; they become members of the class the snippet's statements run
 * in, as a method body. The placeholders {@code { ... }} and a line {@code ...} are left out.
 * A snippet preceded by {@code <!-- snippet: not compiled (reason) -->} is skipped; the test
 * lists the skipped ones so they stay few. (The one today is docs/jshell.md's JShell session,
 * which core's {@code JShellDocSessionIT} runs in a real JShell.)
 */
class DocSnippetsTest {
    private static final Pattern FENCE = Pattern.compile("^```java\\s*$");
    private static final Pattern PAGE_IMPORTS = Pattern.compile("^The snippets on this page import (.+)$");
    private static final Pattern BACKTICKED = Pattern.compile("`([a-z]\\w*(?:\\.\\w+)+(?:\\.\\*)?)`");
    private static final Pattern GIVEN = Pattern.compile("^<!-- given: (.*) -->\\s*$");
    private static final Pattern NOT_COMPILED = Pattern.compile("^<!-- snippet: not compiled \\((.+)\\) -->\\s*$");
    private static final Pattern IMPORT_LINE = Pattern.compile("^\\s*import\\s+(static\\s+)?([\\w.]+(?:\\.\\*)?)\\s*;\\s*$");
    private static final Pattern IMPORT_COMMENT = Pattern.compile("^\\s*//\\s*imports?:\\s*(.+)$");

    record Snippet(String page, int index, int line, List<String> imports, String given, String body, String skipReason) {
        String className() {
            return "Snippet_" + page.replaceAll("\\W", "_") + "_" + index;
        }

        String label() {
            return page + " snippet " + index + " (line " + line + ")";
        }

        String source() {
            StringBuilder s = new StringBuilder();
            for (String i : imports) {
                s.append("import ").append(i).append(";\n");
            }
            s.append("@SuppressWarnings({\"unused\", \"unchecked\", \"rawtypes\"})\n");
            s.append("abstract class ").append(className()).append(" {\n");
            s.append(given).append("\n");
            s.append("void snippet() throws Exception {\n");
            s.append(body);
            s.append("\n}\n}\n");
            return s.toString();
        }
    }

    private static List<Snippet> snippets;
    private static Map<String, List<String>> errors;

    static Path root() {
        Path here = Path.of("").toAbsolutePath();
        return Files.exists(here.resolve("README.md")) && Files.isDirectory(here.resolve("docs")) ? here : here.getParent();
    }

    static List<Path> pages() throws IOException {
        List<Path> pages = new ArrayList<>();
        pages.add(root().resolve("README.md"));
        try (Stream<Path> docs = Files.list(root().resolve("docs"))) {
            docs.filter(p -> p.toString().endsWith(".md")).sorted().forEach(pages::add);
        }
        return pages;
    }

    static List<Snippet> parse(String page, List<String> lines) {
        List<String> pageImports = new ArrayList<>();
        for (String l : lines) {
            Matcher m = PAGE_IMPORTS.matcher(l.trim());
            if (m.matches()) {
                Matcher b = BACKTICKED.matcher(m.group(1));
                while (b.find()) {
                    pageImports.add(b.group(1));
                }
            }
        }
        List<Snippet> out = new ArrayList<>();
        for (int i = 0; i < lines.size(); i++) {
            if (!FENCE.matcher(lines.get(i)).matches()) {
                continue;
            }
            int start = i;
            String given = "";
            String skip = null;
            for (int j = i - 1; j >= 0 && j >= i - 3; j--) {
                String prev = lines.get(j).trim();
                Matcher g = GIVEN.matcher(prev);
                Matcher n = NOT_COMPILED.matcher(prev);
                if (g.matches()) {
                    given = g.group(1);
                } else if (n.matches()) {
                    skip = n.group(1);
                } else if (!prev.isEmpty()) {
                    break;
                }
            }
            Set<String> imports = new LinkedHashSet<>(pageImports);
            StringBuilder body = new StringBuilder();
            for (i++; i < lines.size() && !lines.get(i).startsWith("```"); i++) {
                String l = lines.get(i);
                Matcher im = IMPORT_LINE.matcher(l);
                Matcher ic = IMPORT_COMMENT.matcher(l);
                if (im.matches()) {
                    imports.add((im.group(1) == null ? "" : "static ") + im.group(2));
                    continue;
                }
                if (ic.matches()) {
                    for (String name : ic.group(1).split("[,;]")) {
                        String n = name.trim();
                        if (n.matches("[\\w.]+(\\.\\*)?")) {
                            imports.add(n);
                        }
                    }
                }
                if (l.trim().equals("...")) {
                    body.append('\n');
                    continue;
                }
                body.append(l.replace("{ ... }", "{ }")).append('\n');
            }
            out.add(new Snippet(page, out.size() + 1, start + 1, List.copyOf(imports), given, body.toString(), skip));
        }
        return out;
    }

    @BeforeAll
    static void compileAll() throws IOException {
        snippets = new ArrayList<>();
        for (Path page : pages()) {
            snippets.addAll(parse(root().relativize(page).toString(), Files.readAllLines(page, StandardCharsets.UTF_8)));
        }
        // one compilation per snippet: javac stops at the first unit's syntax errors, which would
        // hide every other snippet's type errors
        JavaCompiler javac = ToolProvider.getSystemJavaCompiler();
        errors = new TreeMap<>();
        Path out = Files.createTempDirectory("mp4j-snippets");
        try (StandardJavaFileManager files = javac.getStandardFileManager(null, null, StandardCharsets.UTF_8)) {
            List<String> options = List.of("-proc:none", "-Xlint:none", "-d", out.toString(),
                    "-cp", System.getProperty("java.class.path"));
            for (Snippet s : snippets) {
                if (s.skipReason() != null) {
                    continue;
                }
                JavaFileObject unit = new SimpleJavaFileObject(URI.create("string:///" + s.className() + ".java"),
                        JavaFileObject.Kind.SOURCE) {
                    @Override
                    public CharSequence getCharContent(boolean ignoreEncodingErrors) {
                        return s.source();
                    }
                };
                DiagnosticCollector<JavaFileObject> diagnostics = new DiagnosticCollector<>();
                javac.getTask(null, files, diagnostics, options, null, List.of(unit)).call();
                for (Diagnostic<? extends JavaFileObject> d : diagnostics.getDiagnostics()) {
                    if (d.getKind() == Diagnostic.Kind.ERROR) {
                        String line = s.source().lines().skip(Math.max(0, d.getLineNumber() - 1)).findFirst().orElse("").trim();
                        errors.computeIfAbsent(s.className(), k -> new ArrayList<>())
                                .add(d.getMessage(null) + "\n    at: " + line);
                    }
                }
            }
        } finally {
            try (Stream<Path> w = Files.walk(out)) {
                w.sorted(java.util.Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
            }
        }
    }

    @TestFactory
    Stream<DynamicTest> everyJavaSnippetCompiles() {
        return snippets.stream().filter(s -> s.skipReason() == null).map(s -> DynamicTest.dynamicTest(s.label(), () ->
                assertThat(errors.getOrDefault(s.className(), List.of()))
                        .as("compile errors in " + s.label() + ":\n" + s.source())
                        .isEmpty()));
    }

    @Test
    void theScanFindsTheSnippetsAndSkipsFewWithAReason() {
        assertThat(snippets).as("java snippets found in README.md and docs/").hasSizeGreaterThan(20);
        assertThat(snippets.stream().filter(s -> s.skipReason() != null).map(Snippet::label))
                .as("snippets not compiled").hasSizeLessThanOrEqualTo(1);
    }

    @Test
    void theParserHonoursPageImportsGivenDeclarationsAndPlaceholders() {
        List<Snippet> parsed = parse("page.md", List.of(
                "The snippets on this page import `java.util.List` and `io.multiprocessing4j.*`.",
                "<!-- given: MpContext ctx; -->",
                "```java",
                "// imports: java.time.Duration",
                "import java.util.Map;",
                "for (int x : List.of(1)) { ... }",
                "...",
                "```"));
        assertThat(parsed).hasSize(1);
        Snippet s = parsed.getFirst();
        assertThat(s.imports()).containsExactly("java.util.List", "io.multiprocessing4j.*", "java.time.Duration", "java.util.Map");
        assertThat(s.given()).isEqualTo("MpContext ctx;");
        assertThat(s.body()).contains("for (int x : List.of(1)) { }").doesNotContain("...").doesNotContain("import java.util.Map");
    }
}
