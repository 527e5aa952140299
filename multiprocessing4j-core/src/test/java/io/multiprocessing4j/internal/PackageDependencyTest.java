package io.multiprocessing4j.internal;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The package rules of the core module, read from its sources: the internal packages depend on each
 * other without cycles, and the module exports the public packages and no internal one.
 *
 * <p>Implementation notes. A package depends on another when one of its source files names a type
 * of it, by import or fully qualified. Public packages may use internal ones (a factory calling its
 * implementation) and internal ones implement public interfaces, so only the internal graph must be
 * acyclic; that is where a cycle means two parts that cannot be understood, or changed, apart.
 */
class PackageDependencyTest {
    private static final Path SOURCES = Path.of("src/main/java");
    private static final Pattern PACKAGE = Pattern.compile("^package ([\\w.]+);", Pattern.MULTILINE);
    private static final Pattern TYPE_REFERENCE = Pattern.compile("\\b(io\\.multiprocessing4j(?:\\.[a-z]\\w*)*)\\.[A-Z]\\w*");

    private static final Map<String, Set<String>> DEPENDENCIES = new TreeMap<>();
    private static final Map<String, Set<String>> EVIDENCE = new HashMap<>();

    @BeforeAll
    static void readSources() throws IOException {
        Map<String, String> packageOf = new HashMap<>();
        try (Stream<Path> files = Files.walk(SOURCES)) {
            for (Path f : files.filter(p -> p.toString().endsWith(".java") && !p.endsWith("module-info.java")).toList()) {
                String text = Files.readString(f);
                Matcher m = PACKAGE.matcher(text);
                assertThat(m.find()).as("package declaration in %s", f).isTrue();
                packageOf.put(f.toString(), m.group(1));
                DEPENDENCIES.computeIfAbsent(m.group(1), k -> new TreeSet<>());
            }
        }
        for (Map.Entry<String, String> e : packageOf.entrySet()) {
            String text = Files.readString(Path.of(e.getKey()));
            Matcher m = TYPE_REFERENCE.matcher(text);
            while (m.find()) {
                String target = m.group(1);
                if (!target.equals(e.getValue()) && DEPENDENCIES.containsKey(target)) {
                    DEPENDENCIES.get(e.getValue()).add(target);
                    EVIDENCE.computeIfAbsent(e.getValue() + " -> " + target, k -> new TreeSet<>())
                            .add(Path.of(e.getKey()).getFileName().toString());
                }
            }
        }
    }

    private static boolean internal(String pkg) {
        return pkg.startsWith("io.multiprocessing4j.internal");
    }

    @Test
    void theSourcesWereFound() {
        assertThat(DEPENDENCIES).containsKeys("io.multiprocessing4j", "io.multiprocessing4j.internal.spawn",
                "io.multiprocessing4j.internal.manager");
    }

    @Test
    void internalPackagesDependOnEachOtherWithoutCycles() {
        List<List<String>> cycles = new ArrayList<>();
        for (List<String> component : stronglyConnected(DEPENDENCIES.keySet().stream().filter(PackageDependencyTest::internal).toList())) {
            if (component.size() > 1) {
                cycles.add(component);
            }
        }
        List<String> explained = new ArrayList<>();
        for (List<String> cycle : cycles) {
            for (String a : cycle) {
                for (String b : cycle) {
                    Set<String> why = EVIDENCE.get(a + " -> " + b);
                    if (why != null) {
                        explained.add(a + " -> " + b + " " + why);
                    }
                }
            }
        }
        assertThat(cycles).as("cycles among internal packages; the edges inside them:%n%s", String.join("\n", explained)).isEmpty();
    }

    @Test
    void theModuleExportsEveryPublicPackageAndNoInternalOne() throws IOException {
        String moduleInfo = Files.readString(SOURCES.resolve("module-info.java"));
        Set<String> exported = new TreeSet<>();
        Matcher m = Pattern.compile("exports ([\\w.]+);").matcher(moduleInfo);
        while (m.find()) {
            exported.add(m.group(1));
        }
        Set<String> publicPackages = new TreeSet<>();
        for (String p : DEPENDENCIES.keySet()) {
            if (!internal(p)) {
                publicPackages.add(p);
            }
        }
        assertThat(exported).noneMatch(PackageDependencyTest::internal);
        assertThat(exported).containsAll(publicPackages);
    }

    /** Tarjan's algorithm (recursive: the graph has a few dozen nodes): the strongly connected components of {@code nodes}. */
    private static List<List<String>> stronglyConnected(List<String> nodes) {
        Set<String> inGraph = new HashSet<>(nodes);
        Map<String, Integer> index = new HashMap<>();
        Map<String, Integer> low = new HashMap<>();
        Deque<String> stack = new ArrayDeque<>();
        Set<String> onStack = new HashSet<>();
        List<List<String>> out = new ArrayList<>();
        int[] counter = {0};
        for (String n : nodes) {
            if (!index.containsKey(n)) {
                visit(n, inGraph, index, low, stack, onStack, out, counter);
            }
        }
        return out;
    }

    private static void visit(String v, Set<String> inGraph, Map<String, Integer> index, Map<String, Integer> low,
                              Deque<String> stack, Set<String> onStack, List<List<String>> out, int[] counter) {
        index.put(v, counter[0]);
        low.put(v, counter[0]++);
        stack.push(v);
        onStack.add(v);
        for (String w : DEPENDENCIES.getOrDefault(v, Set.of())) {
            if (!inGraph.contains(w)) {
                continue;
            }
            if (!index.containsKey(w)) {
                visit(w, inGraph, index, low, stack, onStack, out, counter);
                low.put(v, Math.min(low.get(v), low.get(w)));
            } else if (onStack.contains(w)) {
                low.put(v, Math.min(low.get(v), index.get(w)));
            }
        }
        if (low.get(v).equals(index.get(v))) {
            List<String> component = new ArrayList<>();
            String w;
            do {
                w = stack.pop();
                onStack.remove(w);
                component.add(w);
            } while (!w.equals(v));
            out.add(component);
        }
    }
}
