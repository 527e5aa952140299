package io.multiprocessing4j;

import org.junit.jupiter.api.Test;
import org.w3c.dom.Document;
import org.w3c.dom.Element;
import org.w3c.dom.Node;
import org.w3c.dom.NodeList;

import javax.xml.parsers.DocumentBuilderFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * What a user of the published artifacts sees: the licence, the poms' metadata, which modules
 * deploy, and a release profile that attaches sources and javadoc and signs. The build itself
 * ({@code ./mvnw -Prelease -DskipSigning verify}) proves the profile runs; this keeps its contents.
 */
class ReleaseMetadataTest {
    private static final Path ROOT = Path.of("").toAbsolutePath().getParent();
    private static final String REPO = "https://github.com/multiprocessing4j/multiprocessing4j";
    private static final Set<String> LIBRARIES = Set.of("multiprocessing4j-core", "multiprocessing4j-dashboard",
            "multiprocessing4j-cluster");

    private static Element pom(Path file) throws Exception {
        DocumentBuilderFactory f = DocumentBuilderFactory.newInstance();
        f.setNamespaceAware(false);
        Document d = f.newDocumentBuilder().parse(file.toFile());
        return d.getDocumentElement();
    }

    private static Element child(Element parent, String name) {
        for (Node n = parent.getFirstChild(); n != null; n = n.getNextSibling()) {
            if (n instanceof Element e && e.getTagName().equals(name)) {
                return e;
            }
        }
        return null;
    }

    private static String text(Element parent, String path) {
        Element e = parent;
        for (String part : path.split("/")) {
            e = e == null ? null : child(e, part);
        }
        return e == null ? null : e.getTextContent().trim();
    }

    private static List<String> texts(Element parent, String tag) {
        List<String> out = new ArrayList<>();
        NodeList all = parent.getElementsByTagName(tag);
        for (int i = 0; i < all.getLength(); i++) {
            out.add(all.item(i).getTextContent().trim());
        }
        return out;
    }

    @Test
    void theProjectIsApache2LicensedWithARootLicenceFile() throws Exception {
        assertThat(Files.readString(ROOT.resolve("LICENSE"))).contains("Apache License", "Version 2.0, January 2004");
        Element parent = pom(ROOT.resolve("pom.xml"));
        assertThat(text(parent, "licenses/license/name")).isEqualTo("Apache-2.0");
        assertThat(text(parent, "licenses/license/url")).isEqualTo("https://www.apache.org/licenses/LICENSE-2.0.txt");
    }

    @Test
    void theParentPomNamesTheRealRepositoryAndItsDevelopers() throws Exception {
        Element parent = pom(ROOT.resolve("pom.xml"));
        assertThat(text(parent, "url")).isEqualTo(REPO);
        assertThat(text(parent, "description")).isNotBlank();
        assertThat(text(parent, "scm/url")).isEqualTo(REPO);
        assertThat(text(parent, "scm/connection")).isEqualTo("scm:git:" + REPO + ".git");
        assertThat(text(parent, "scm/developerConnection")).isEqualTo("scm:git:git@github.com:multiprocessing4j/multiprocessing4j.git");
        assertThat(text(parent, "developers/developer/name")).isEqualTo("The multiprocessing4j developers");
        assertThat(text(parent, "issueManagement/url")).isEqualTo(REPO + "/issues");
        // modules inherit these as they are, not with their artifactId appended
        assertThat(parent.getAttribute("child.project.url.inherit.append.path")).isEqualTo("false");
        Element scm = child(parent, "scm");
        for (String a : List.of("child.scm.url.inherit.append.path", "child.scm.connection.inherit.append.path",
                "child.scm.developerConnection.inherit.append.path")) {
            assertThat(scm.getAttribute(a)).as(a).isEqualTo("false");
        }
        assertThat(Files.readString(ROOT.resolve("pom.xml"))).doesNotContainIgnoringCase("example.com")
                .doesNotContainIgnoringCase("TODO").doesNotContain("your-");
    }

    @Test
    void onlyTheLibraryModulesDeployAndEveryModuleDescribesItself() throws Exception {
        Element parent = pom(ROOT.resolve("pom.xml"));
        Set<String> modules = new TreeSet<>(texts(child(parent, "modules"), "module"));
        assertThat(modules).containsAll(LIBRARIES);
        Set<String> deployed = new TreeSet<>();
        for (String m : modules) {
            Element pom = pom(ROOT.resolve(m).resolve("pom.xml"));
            assertThat(text(pom, "description")).as(m + " description").isNotBlank();
            if (!"true".equals(text(pom, "properties/maven.deploy.skip"))) {
                deployed.add(m);
            } else {
                assertThat(text(pom, "properties/maven.source.skip")).as(m).isEqualTo("true");
                assertThat(text(pom, "properties/maven.javadoc.skip")).as(m).isEqualTo("true");
            }
        }
        assertThat(deployed).isEqualTo(new TreeSet<>(LIBRARIES));

        Element release = releaseProfile(parent);
        Set<String> excluded = new TreeSet<>(texts(release, "artifact"));
        Set<String> applications = new TreeSet<>(modules);
        applications.removeAll(LIBRARIES);
        assertThat(excluded).as("the publishing plugin's excluded artifacts").isEqualTo(applications);
    }

    @Test
    void theReleaseProfileAttachesSourcesAndJavadocSignsAndPublishes() throws Exception {
        Element release = releaseProfile(pom(ROOT.resolve("pom.xml")));
        assertThat(texts(release, "artifactId")).contains("maven-source-plugin", "maven-javadoc-plugin",
                "maven-gpg-plugin", "central-publishing-maven-plugin");
        assertThat(texts(release, "goal")).contains("jar-no-fork", "jar", "sign");
        String pom = Files.readString(ROOT.resolve("pom.xml"));
        assertThat(pom).as("-DskipSigning turns gpg off").contains("<name>skipSigning</name>", "<gpg.skip>true</gpg.skip>");
    }

    @Test
    void theReadmeShowsHowToDependOnTheCurrentVersionAndWhatTheJvmNeeds() throws Exception {
        String version = text(pom(ROOT.resolve("pom.xml")), "version");
        String readme = Files.readString(ROOT.resolve("README.md"));
        assertThat(readme).contains("## Use it in your project");
        assertThat(readme).as("the Maven snippet").contains("<groupId>io.multiprocessing4j</groupId>",
                "<artifactId>multiprocessing4j-core</artifactId>", "<version>" + version + "</version>");
        assertThat(readme).as("the Gradle snippet").contains("\"io.multiprocessing4j:multiprocessing4j-core:" + version + "\"");
        assertThat(readme).contains("--enable-native-access=ALL-UNNAMED", "--enable-native-access=io.multiprocessing4j",
                "**What worker JVMs inherit.**", "**Supported platforms.**", "**Fat jars and IDEs.**");
    }

    private static Element releaseProfile(Element parent) {
        NodeList profiles = child(parent, "profiles").getElementsByTagName("profile");
        for (int i = 0; i < profiles.getLength(); i++) {
            Element p = (Element) profiles.item(i);
            if ("release".equals(text(p, "id"))) {
                return p;
            }
        }
        throw new AssertionError("no release profile in the parent pom");
    }
}
