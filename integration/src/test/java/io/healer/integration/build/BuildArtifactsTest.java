package io.healer.integration.build;

import static org.assertj.core.api.Assertions.assertThat;

import io.healer.integration.support.Commands;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.jar.Attributes;
import java.util.jar.JarFile;
import java.util.stream.Stream;
import javax.xml.parsers.DocumentBuilderFactory;
import javax.xml.xpath.XPath;
import javax.xml.xpath.XPathConstants;
import javax.xml.xpath.XPathFactory;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.w3c.dom.Document;
import org.w3c.dom.NodeList;

/**
 * What the build publishes, read from the jars the reactor has just built (this module comes after
 * every published one): healer-bom names every published module, each jar has its stable module
 * name and version and a sources and a javadoc jar beside it, and two builds of one module give
 * byte-identical jars.
 */
class BuildArtifactsTest {

  private static final Path ROOT = Path.of(System.getProperty("healer.integration.dir", ".")).resolve("..").normalize();
  private static final XPath X = XPathFactory.newInstance().newXPath();

  /** Published modules by directory: each jar module of the reactor that does not skip its javadoc. */
  private static final Map<Path, Document> PUBLISHED = new TreeMap<>();
  private static String version;

  @BeforeAll
  static void readTheReactor() throws Exception {
    Document root = xml(ROOT.resolve("pom.xml"));
    version = X.evaluate("/project/version", root);
    collect(ROOT);
  }

  private static void collect(Path dir) throws Exception {
    Document pom = xml(dir.resolve("pom.xml"));
    NodeList modules = (NodeList) X.evaluate("/project/modules/module", pom, XPathConstants.NODESET);
    for (int i = 0; i < modules.getLength(); i++) {
      collect(dir.resolve(modules.item(i).getTextContent()));
    }
    String packaging = X.evaluate("/project/packaging", pom);
    boolean skipped = "true".equals(X.evaluate("/project/properties/*[local-name()='maven.javadoc.skip']", pom));
    if ((packaging.isEmpty() || packaging.equals("jar")) && !skipped) {
      PUBLISHED.put(dir, pom);
    }
  }

  @Test
  void theBomManagesEveryPublishedModuleAtTheReactorsVersionAndNothingElse() throws Exception {
    Document bom = xml(ROOT.resolve("healer-bom/pom.xml"));
    Set<String> managed = new TreeSet<>();
    NodeList deps = (NodeList) X.evaluate("/project/dependencyManagement/dependencies/dependency", bom,
        XPathConstants.NODESET);
    for (int i = 0; i < deps.getLength(); i++) {
      assertThat(X.evaluate("groupId", deps.item(i))).isEqualTo("io.healer");
      assertThat(X.evaluate("version", deps.item(i))).isEqualTo("${project.version}");
      managed.add(X.evaluate("artifactId", deps.item(i)));
    }
    Set<String> published = new TreeSet<>();
    for (Document pom : PUBLISHED.values()) {
      published.add(X.evaluate("/project/artifactId", pom));
    }

    assertThat(managed).isEqualTo(published).contains("healer-api", "healer-testkit");
    assertThat(X.evaluate("/project/version", bom)).isEqualTo(version);
    assertThat(X.evaluate("count(/project/parent)", bom))
        .as("no parent: importing the BOM must not import healer-parent's third-party pins").isEqualTo("0");
  }

  @Test
  void everyPublishedJarHasItsModuleNameVersionSourcesAndJavadoc() throws Exception {
    Set<String> names = new TreeSet<>();
    for (Map.Entry<Path, Document> module : PUBLISHED.entrySet()) {
      Path dir = module.getKey();
      String artifact = X.evaluate("/project/artifactId", module.getValue());
      String finalName = X.evaluate("/project/build/finalName", module.getValue());
      String base = finalName.isEmpty() ? artifact + "-" + version : finalName;
      Path jar = dir.resolve("target/" + base + ".jar");
      assertThat(jar).as("%s: run after the reactor packaged it", artifact).isRegularFile();

      Attributes manifest;
      try (JarFile file = new JarFile(jar.toFile())) {
        manifest = file.getManifest().getMainAttributes();
      }
      String name = manifest.getValue("Automatic-Module-Name");
      assertThat(name).as("%s: Automatic-Module-Name", artifact).matches("io\\.healer(\\.[a-z]+)+");
      assertThat(names.add(name)).as("%s: module name %s is used once", artifact, name).isTrue();
      assertThat(packagesOf(dir)).as("%s: every package is under its module name %s", artifact, name)
          .isNotEmpty().allMatch(p -> p.equals(name) || p.startsWith(name + "."));
      assertThat(manifest.getValue("Implementation-Version")).as(artifact).isEqualTo(version);

      try (JarFile sources = new JarFile(dir.resolve("target/" + base + "-sources.jar").toFile());
          JarFile javadoc = new JarFile(dir.resolve("target/" + base + "-javadoc.jar").toFile())) {
        assertThat(sources.stream().filter(e -> e.getName().endsWith(".java")).count()).as(artifact)
            .isEqualTo(javaFilesOf(dir).size());
        assertThat(javadoc.getEntry("index.html")).as("%s-javadoc.jar has index.html", artifact).isNotNull();
      }
    }
  }

  /**
   * Two builds of healer-api, one after the other into two directories, give the same bytes:
   * project.build.outputTimestamp fixes the entries' times, javadoc writes no date.
   */
  @Test
  void twoBuildsOfOneModuleGiveByteIdenticalJars(@TempDir Path tmp) throws IOException {
    List<String> jars = List.of("healer-api-" + version + ".jar", "healer-api-" + version + "-sources.jar",
        "healer-api-" + version + "-javadoc.jar");
    for (String build : List.of("one", "two")) {
      Commands.Result result = Commands.exec(ROOT, List.of("mvn", "-B", "-ntp", "-o", "-q", "package", "-pl",
          "healer-api", "-Dmaven.test.skip=true", "-Dhealer.buildDirectory=" + tmp.resolve(build)), Map.of(), 300);
      assertThat(result.exitCode()).as(result.output()).isZero();
    }

    for (String jar : jars) {
      assertThat(Files.readAllBytes(tmp.resolve("two").resolve(jar))).as(jar)
          .isEqualTo(Files.readAllBytes(tmp.resolve("one").resolve(jar)));
    }
  }

  private static Set<String> packagesOf(Path module) throws IOException {
    Set<String> packages = new TreeSet<>();
    Path src = module.resolve("src/main/java");
    for (Path file : javaFilesOf(module)) {
      Path parent = src.relativize(file).getParent();
      packages.add(parent.toString().replace('/', '.'));
    }
    return packages;
  }

  private static List<Path> javaFilesOf(Path module) throws IOException {
    try (Stream<Path> files = Files.walk(module.resolve("src/main/java"))) {
      return new ArrayList<>(files.filter(f -> f.toString().endsWith(".java")).toList());
    }
  }

  private static Document xml(Path file) throws Exception {
    return DocumentBuilderFactory.newInstance().newDocumentBuilder().parse(file.toFile());
  }
}
