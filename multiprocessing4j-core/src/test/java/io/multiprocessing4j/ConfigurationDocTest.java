package io.multiprocessing4j;

import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;

/** Every {@code mp4j.*} system property the sources read is documented in docs/configuration.md. */
class ConfigurationDocTest {
    private static final Pattern PROPERTY = Pattern.compile("\"(mp4j\\.[A-Za-z0-9_.]*[A-Za-z0-9_])\"");
    private static final Pattern DOCUMENTED = Pattern.compile("`(mp4j\\.[A-Za-z0-9_.]*[A-Za-z0-9_])`");

    @Test
    void everyPropertyInTheSourcesIsInTheConfigurationPage() throws IOException {
        Path root = Path.of("").toAbsolutePath().getParent();
        TreeMap<String, Path> used = new TreeMap<>();
        try (Stream<Path> modules = Files.list(root)) {
            for (Path module : modules.filter(m -> m.getFileName().toString().startsWith("multiprocessing4j-")).toList()) {
                Path src = module.resolve("src/main/java");
                if (!Files.isDirectory(src)) {
                    continue;
                }
                try (Stream<Path> files = Files.walk(src)) {
                    for (Path f : files.filter(p -> p.toString().endsWith(".java")).toList()) {
                        Matcher m = PROPERTY.matcher(Files.readString(f));
                        while (m.find()) {
                            used.putIfAbsent(m.group(1), root.relativize(f));
                        }
                    }
                }
            }
        }
        Set<String> documented = new TreeSet<>();
        Matcher m = DOCUMENTED.matcher(Files.readString(root.resolve("docs/configuration.md")));
        while (m.find()) {
            documented.add(m.group(1));
        }

        assertThat(used).as("the scan finds the properties at all").containsKeys("mp4j.context", "mp4j.spareWorkers");
        TreeMap<String, Path> undocumented = new TreeMap<>(used);
        undocumented.keySet().removeAll(documented);
        assertThat(undocumented)
                .as("mp4j.* properties read in the sources (and where) but missing from docs/configuration.md")
                .isEmpty();
    }
}
