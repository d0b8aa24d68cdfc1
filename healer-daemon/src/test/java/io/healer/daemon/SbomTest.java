package io.healer.daemon;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.InputStream;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;

/**
 * The CycloneDX SBOM the build writes beside healer.jar (cyclonedx-maven-plugin in this module's
 * pom): it parses and lists what the daemon ships, at the versions it ships.
 *
 * <p>The plugin runs only online ({@code makeBom} skips itself under {@code mvn -o}): an offline
 * build leaves no SBOM, and these tests are skipped saying so; CI builds online, where they run.
 */
class SbomTest {

  @Test
  void listsClientJavaAtTheVersionOnTheDaemonsClassPath() throws IOException, URISyntaxException {
    List<String> purls = componentPurls();

    for (String[] ga : new String[][] {{"io.kubernetes", "client-java"}, {"ch.qos.logback", "logback-classic"}}) {
      String purl = "pkg:maven/" + ga[0] + "/" + ga[1] + "@" + shippedVersion(ga[0], ga[1]) + "?type=jar";
      assertThat(purls).as("the SBOM lists %s (an SBOM left by an earlier online build is stale after a version "
          + "change: build online again)", purl).contains(purl);
    }
  }

  @Test
  void listsNoTestLibraryAndNoProtobuf() throws IOException, URISyntaxException {
    // The same promise as the enforcer rule no-test-libraries; protobuf is excluded from client-java.
    assertThat(componentPurls()).isNotEmpty().noneMatch(purl -> purl.startsWith("pkg:maven/org.junit")
        || purl.startsWith("pkg:maven/org.assertj/") || purl.startsWith("pkg:maven/org.wiremock/")
        || purl.startsWith("pkg:maven/io.healer/healer-testkit@") || purl.startsWith("pkg:maven/com.google.protobuf/")
        || purl.contains("?classifier=tests"));
  }

  @Test
  void writesTheXmlFormToo() throws IOException, URISyntaxException {
    String xml = Files.readString(sbom("healer-bom.xml"));

    assertThat(xml).contains("http://cyclonedx.org/schema/bom/").contains("<name>client-java</name>");
  }

  @SuppressWarnings("unchecked")
  private static List<String> componentPurls() throws IOException, URISyntaxException {
    Map<String, Object> bom = TestJson.object(Files.readString(sbom("healer-bom.json")));
    assertThat(bom).containsEntry("bomFormat", "CycloneDX");
    assertThat((Map<String, Object>) ((Map<String, Object>) bom.get("metadata")).get("component"))
        .containsEntry("name", "healer-daemon");
    return ((List<Map<String, Object>>) bom.get("components")).stream().map(c -> (String) c.get("purl")).toList();
  }

  /**
   * One file of the SBOM in target/, found from this test's classes (the build directory can be moved
   * with -Dhealer.buildDirectory); skips the test when an offline build wrote none.
   */
  private static Path sbom(String name) throws URISyntaxException {
    Path testClasses = Path.of(SbomTest.class.getProtectionDomain().getCodeSource().getLocation().toURI());
    Path file = testClasses.resolveSibling(name);
    Assumptions.assumeTrue(Files.isRegularFile(file), () -> "no " + file
        + ": cyclonedx-maven-plugin writes it only in an online build (it skips itself under mvn -o)");
    return file;
  }

  /** The version of a dependency as its own jar on the class path says: what shade puts into healer.jar. */
  private static String shippedVersion(String group, String artifact) throws IOException {
    String resource = "META-INF/maven/" + group + "/" + artifact + "/pom.properties";
    try (InputStream in = SbomTest.class.getClassLoader().getResourceAsStream(resource)) {
      assertThat(in).as(resource).isNotNull();
      Properties properties = new Properties();
      properties.load(in);
      return properties.getProperty("version");
    }
  }
}
