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
import java.util.LinkedHashMap;
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
 * The package rules of the core module, read from its sources: every package has its place, the
 * public packages are layered without cycles, only the façade reaches into {@code internal}, the
 * internal packages depend on each other without cycles, and the module exports the public
 * packages and no internal one.
 *
 * <p>Implementation notes. A package depends on another when one of its source files names a type
 * of it, by import (single-type, static or on demand) or fully qualified, outside comments and
 * string literals. The lists below are exact, not just upper bounds: an exception that no longer
 * happens fails the test too, so it is removed from the list when the code stops needing it, and the
 * boundary can only get stricter. docs/architecture.md ("Layering") explains the rules.
 */
class PackageDependencyTest {
    private static final Path SOURCES = Path.of("src/main/java");
    private static final String ROOT = "io.multiprocessing4j";
    private static final Pattern PACKAGE = Pattern.compile("^package ([\\w.]+);", Pattern.MULTILINE);
    private static final Pattern TYPE_REFERENCE = Pattern.compile("\\b(io\\.multiprocessing4j(?:\\.[a-z]\\w*)*)\\.(?:[A-Z]\\w*|\\*)");

    /**
     * The public packages from the bottom layer up (names relative to {@code io.multiprocessing4j};
     * {@code ""} is the façade). A package may depend on packages of its own layer or a lower one;
     * within a layer the dependencies must not form a cycle.
     */
    private static final List<Set<String>> LAYERS = List.of(
            Set.of("function", "spi"),
            Set.of("process", "connection", "sync", "shared"),
            Set.of("queue"),
            Set.of("pool", "manager"),
            Set.of(""));

    /**
     * Public dependencies that go up a layer, each with the reason. Only types are named: none of
     * these calls into an implementation.
     */
    private static final Map<String, String> UPWARD = Map.of(
            "pool -> ", "Pool.Builder.context(MpContext) takes a context, as MpContext.pool(..) makes a pool:"
                    + " one API naming itself; the builder asks Multiprocessing for the default context",
            "spi -> ", "ContextProvider.create() returns the MpContext a module provides (the cluster context)",
            "spi -> pool", "DashboardProvider.start(Pool, port) is handed the pool it shows; LocalBackends.pool(PoolOptions)"
                    + " makes the Pool that Pool.Builder.build() returns, ExecutorBackend returns PoolInsights and ResultIterator",
            "spi -> connection", "LocalBackends.connect/listen and ListenerBackend name Address, TlsConfig and Connection:"
                    + " the core's socket implementation, found through the spi, hands Client and Listener their connections",
            "spi -> manager", "LocalBackends.listenManager/connectManager return the core's Manager, which Manager.listen/connect"
                    + " hand out");

    /**
     * The public classes, outside the façade, that still use internal types. None are left: the
     * {@code sync}, {@code shared}, {@code queue}, {@code connection}, {@code manager} and
     * {@code pool} classes hold only {@code spi} types and obtain their implementations from
     * {@code spi.LocalBackends} (see docs/architecture.md). The list stays, empty, so that a class
     * that starts to name an internal type fails here with the list of them.
     */
    private static final Map<String, Set<String>> INTERNAL_USERS = Map.of();

    /**
     * The public packages in {@link #INTERNAL_USERS} whose internal uses close a cycle (their
     * implementation depends on them in turn). None are left.
     */
    private static final Set<String> CYCLE_CLOSING_USERS = Set.of();

    /** Package -> the packages it depends on. */
    private static final Map<String, Set<String>> DEPENDENCIES = new TreeMap<>();
    /** "a -> b" -> the files of {@code a} that name a type of {@code b}. */
    private static final Map<String, Set<String>> EVIDENCE = new HashMap<>();

    @BeforeAll
    static void readSources() throws IOException {
        Map<Path, String> packageOf = new HashMap<>();
        try (Stream<Path> files = Files.walk(SOURCES)) {
            for (Path f : files.filter(p -> p.toString().endsWith(".java") && !p.endsWith("module-info.java")).toList()) {
                String text = Files.readString(f);
                Matcher m = PACKAGE.matcher(text);
                assertThat(m.find()).as("package declaration in %s", f).isTrue();
                packageOf.put(f, m.group(1));
                DEPENDENCIES.computeIfAbsent(m.group(1), k -> new TreeSet<>());
            }
        }
        for (Map.Entry<Path, String> e : packageOf.entrySet()) {
            Matcher m = TYPE_REFERENCE.matcher(code(Files.readString(e.getKey())));
            while (m.find()) {
                String target = m.group(1);
                if (!target.equals(e.getValue()) && DEPENDENCIES.containsKey(target)) {
                    DEPENDENCIES.get(e.getValue()).add(target);
                    String file = e.getKey().getFileName().toString();
                    EVIDENCE.computeIfAbsent(e.getValue() + " -> " + target, k -> new TreeSet<>())
                            .add(file.substring(0, file.length() - ".java".length()));
                }
            }
        }
    }

    /**
     * {@code source} with comments and string, text-block and character literals blanked out, so a
     * Javadoc link or a JFR event name is not taken for a dependency.
     */
    static String code(String source) {
        StringBuilder out = new StringBuilder(source.length());
        int i = 0;
        int n = source.length();
        while (i < n) {
            char c = source.charAt(i);
            if (c == '/' && i + 1 < n && source.charAt(i + 1) == '/') {
                while (i < n && source.charAt(i) != '\n') {
                    i++;
                }
            } else if (c == '/' && i + 1 < n && source.charAt(i + 1) == '*') {
                int end = source.indexOf("*/", i + 2);
                i = end < 0 ? n : end + 2;
                out.append(' ');
            } else if (source.startsWith("\"\"\"", i)) {
                int end = source.indexOf("\"\"\"", i + 3);
                while (end > 0 && source.charAt(end - 1) == '\\') {
                    end = source.indexOf("\"\"\"", end + 1);
                }
                i = end < 0 ? n : end + 3;
                out.append("\"\"");
            } else if (c == '"' || c == '\'') {
                i++;
                while (i < n && source.charAt(i) != c && source.charAt(i) != '\n') {
                    i += source.charAt(i) == '\\' ? 2 : 1;
                }
                i++;
                out.append(c).append(c);
            } else {
                out.append(c);
                i++;
            }
        }
        return out.toString();
    }

    private static boolean internal(String pkg) {
        return pkg.equals(ROOT + ".internal") || pkg.startsWith(ROOT + ".internal.");
    }

    /** {@code io.multiprocessing4j.pool} -> {@code pool}; the façade -> {@code ""}. */
    private static String relative(String pkg) {
        return pkg.equals(ROOT) ? "" : pkg.substring(ROOT.length() + 1);
    }

    private static int layer(String pkg) {
        String r = relative(pkg);
        for (int i = 0; i < LAYERS.size(); i++) {
            if (LAYERS.get(i).contains(r)) {
                return i;
            }
        }
        return -1;
    }

    private static List<String> publicPackages() {
        return DEPENDENCIES.keySet().stream().filter(p -> !internal(p)).toList();
    }

    private static String edge(String from, String to) {
        return relative(from) + " -> " + relative(to);
    }

    @Test
    void theSourcesWereFound() {
        assertThat(DEPENDENCIES).containsKeys(ROOT, ROOT + ".pool", ROOT + ".internal.spawn", ROOT + ".internal.manager");
        assertThat(code("a /* io.multiprocessing4j.internal.X */ b // io.multiprocessing4j.internal.Y\n"
                + "\"io.multiprocessing4j.internal.Z\" io.multiprocessing4j.pool.Pool"))
                .doesNotContain("internal").contains("io.multiprocessing4j.pool.Pool");
    }

    @Test
    void everyPublicPackageHasALayer() {
        assertThat(publicPackages()).allSatisfy(p -> assertThat(layer(p))
                .as("%s is not placed in a layer of PackageDependencyTest.LAYERS", p).isNotNegative());
    }

    @Test
    void publicPackagesDependOnlyOnTheirOwnOrLowerLayers() {
        Map<String, Set<String>> upward = new TreeMap<>();
        for (String from : publicPackages()) {
            for (String to : DEPENDENCIES.get(from)) {
                if (!internal(to) && layer(to) > layer(from)) {
                    upward.put(edge(from, to), EVIDENCE.get(from + " -> " + to));
                }
            }
        }
        assertThat(upward.keySet())
                .as("public dependencies that go up a layer (by file: %s); the listed ones are explained in UPWARD", upward)
                .containsExactlyInAnyOrderElementsOf(UPWARD.keySet());
    }

    @Test
    void publicPackagesFormNoCyclesApartFromTheListedUpwardDependencies() {
        Map<String, Set<String>> graph = new TreeMap<>();
        for (String from : publicPackages()) {
            Set<String> to = new TreeSet<>();
            for (String t : DEPENDENCIES.get(from)) {
                if (!internal(t) && !UPWARD.containsKey(edge(from, t))) {
                    to.add(t);
                }
            }
            graph.put(from, to);
        }
        assertThat(cycles(graph)).as("cycles among public packages%s", explain(cycles(graph))).isEmpty();
    }

    @Test
    void onlyTheFacadeAndTheListedClassesUseInternalTypes() {
        Map<String, Set<String>> users = new TreeMap<>();
        for (String from : publicPackages()) {
            if (from.equals(ROOT)) {
                continue; // the façade's factory: it builds the contexts
            }
            for (String to : DEPENDENCIES.get(from)) {
                if (internal(to)) {
                    users.computeIfAbsent(relative(from), k -> new TreeSet<>()).addAll(EVIDENCE.get(from + " -> " + to));
                }
            }
        }
        Map<String, Set<String>> expected = new TreeMap<>();
        INTERNAL_USERS.forEach((k, v) -> expected.put(k, new TreeSet<>(v)));
        assertThat(users).as("public classes outside the façade that use internal types (INTERNAL_USERS lists the"
                + " old ones; a class that no longer uses any must leave the list)").isEqualTo(expected);
    }

    /**
     * The whole graph, internal packages included, is acyclic once three kinds of edge are taken out:
     * the façade's factory building the contexts (which implement the façade's {@code MpContext}), the
     * {@link #UPWARD} edges, and the internal uses of {@link #CYCLE_CLOSING_USERS}. So a new cycle
     * anywhere else fails here, and each listed package is checked to still close one.
     */
    @Test
    void everyCycleGoesThroughTheFacadeFactoryOrAListedEdge() {
        assertThat(cycles(graphWithout(CYCLE_CLOSING_USERS))).as("cycles in the whole graph%s",
                explain(cycles(graphWithout(CYCLE_CLOSING_USERS)))).isEmpty();
        for (String user : CYCLE_CLOSING_USERS) {
            Set<String> others = new TreeSet<>(CYCLE_CLOSING_USERS);
            others.remove(user);
            assertThat(cycles(graphWithout(others))).as("%s is listed in CYCLE_CLOSING_USERS but its internal uses"
                    + " close no cycle: remove it from the list", user).isNotEmpty();
        }
    }

    /** All dependencies but the façade's on internal packages, the upward ones and the internal ones of {@code users}. */
    private static Map<String, Set<String>> graphWithout(Set<String> users) {
        Map<String, Set<String>> graph = new TreeMap<>();
        DEPENDENCIES.forEach((from, targets) -> {
            Set<String> kept = new TreeSet<>();
            for (String to : targets) {
                boolean factory = from.equals(ROOT) && internal(to);
                boolean upward = !internal(from) && !internal(to) && UPWARD.containsKey(edge(from, to));
                boolean listed = !internal(from) && internal(to) && users.contains(relative(from));
                if (!factory && !upward && !listed) {
                    kept.add(to);
                }
            }
            graph.put(from, kept);
        });
        return graph;
    }

    @Test
    void internalPackagesDependOnEachOtherWithoutCycles() {
        Map<String, Set<String>> graph = new TreeMap<>();
        for (String from : DEPENDENCIES.keySet()) {
            if (internal(from)) {
                graph.put(from, new TreeSet<>(DEPENDENCIES.get(from).stream().filter(PackageDependencyTest::internal).toList()));
            }
        }
        List<List<String>> cycles = cycles(graph);
        assertThat(cycles).as("cycles among internal packages%s", explain(cycles)).isEmpty();
    }

    @Test
    void theModuleExportsEveryPublicPackageAndNoInternalOne() throws IOException {
        String moduleInfo = Files.readString(SOURCES.resolve("module-info.java"));
        Set<String> exported = new TreeSet<>();
        Matcher m = Pattern.compile("exports ([\\w.]+);").matcher(moduleInfo);
        while (m.find()) {
            exported.add(m.group(1));
        }
        assertThat(exported).noneMatch(PackageDependencyTest::internal);
        assertThat(exported).containsAll(publicPackages());
    }

    /** The edges inside each cycle, with the files that make them, for the failure message. */
    private static String explain(List<List<String>> cycles) {
        Map<String, Set<String>> edges = new LinkedHashMap<>();
        for (List<String> cycle : cycles) {
            for (String a : cycle) {
                for (String b : cycle) {
                    Set<String> why = EVIDENCE.get(a + " -> " + b);
                    if (why != null) {
                        edges.put(a + " -> " + b, why);
                    }
                }
            }
        }
        StringBuilder s = new StringBuilder();
        edges.forEach((e, why) -> s.append(System.lineSeparator()).append(e).append(' ').append(why));
        return s.toString();
    }

    /** The strongly connected components of more than one package (Tarjan's algorithm; the graph has a few dozen nodes). */
    private static List<List<String>> cycles(Map<String, Set<String>> graph) {
        Map<String, Integer> index = new HashMap<>();
        Map<String, Integer> low = new HashMap<>();
        Deque<String> stack = new ArrayDeque<>();
        Set<String> onStack = new HashSet<>();
        List<List<String>> out = new ArrayList<>();
        int[] counter = {0};
        for (String n : graph.keySet()) {
            if (!index.containsKey(n)) {
                visit(n, graph, index, low, stack, onStack, out, counter);
            }
        }
        out.removeIf(c -> c.size() < 2);
        return out;
    }

    private static void visit(String v, Map<String, Set<String>> graph, Map<String, Integer> index, Map<String, Integer> low,
                              Deque<String> stack, Set<String> onStack, List<List<String>> out, int[] counter) {
        index.put(v, counter[0]);
        low.put(v, counter[0]++);
        stack.push(v);
        onStack.add(v);
        for (String w : graph.getOrDefault(v, Set.of())) {
            if (!graph.containsKey(w)) {
                continue;
            }
            if (!index.containsKey(w)) {
                visit(w, graph, index, low, stack, onStack, out, counter);
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
