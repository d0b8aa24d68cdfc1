package com.example.healer.npd;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.StringReader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import javax.xml.parsers.DocumentBuilderFactory;
import javax.xml.xpath.XPath;
import javax.xml.xpath.XPathFactory;
import org.junit.jupiter.api.Test;
import org.w3c.dom.Document;
import org.xml.sax.InputSource;

/** docs/writing-plugins.md shows these files as they are, so a plugin author copies code that compiles. */
class WritingPluginsDocTest {

  private static final Path ROOT = Path.of("../..");
  private static final Pattern SNIPPET = Pattern.compile("<!-- snippet: (\\S+) -->\n```java\n(.*?)\n```", Pattern.DOTALL);
  private static final Pattern POM = Pattern.compile("<!-- pom -->\n```xml\n(.*?)\n```", Pattern.DOTALL);

  @Test
  void everySnippetIsTheWholeExampleFile() throws IOException {
    String doc = Files.readString(ROOT.resolve("docs/writing-plugins.md"));
    Matcher snippet = SNIPPET.matcher(doc);
    int count = 0;
    while (snippet.find()) {
      count++;
      String file = Files.readString(ROOT.resolve(snippet.group(1))).stripTrailing();
      assertThat(snippet.group(2)).as("the snippet of %s in docs/writing-plugins.md", snippet.group(1))
          .isEqualTo(file);
    }
    assertThat(count).as("snippets found").isEqualTo(4);
  }

  /**
   * The doc's pom writes the Implementation-Version the daemon logs for the plugin (else "version
   * unknown"), and names the versions healer's own build uses, so the author gets what was tested.
   */
  @Test
  void thePomWritesTheImplementationVersionAndUsesHealersVersions() throws Exception {
    Matcher block = POM.matcher(Files.readString(ROOT.resolve("docs/writing-plugins.md")));
    assertThat(block.find()).as("the <!-- pom --> block").isTrue();
    Document pom = xml(block.group(1));
    Document healer = xml(Files.readString(ROOT.resolve("pom.xml")));
    XPath x = XPathFactory.newInstance().newXPath();

    assertThat(x.evaluate("//plugin[artifactId='maven-jar-plugin']/configuration/archive/manifestEntries"
        + "/Implementation-Version", pom)).isEqualTo("${project.version}");
    assertThat(x.evaluate("/project/properties/auto-service.version", pom))
        .isEqualTo(x.evaluate("/project/properties/auto-service.version", healer));
    assertThat(x.evaluate("//dependency[artifactId='junit-jupiter']/version", pom))
        .isEqualTo(x.evaluate("/project/properties/junit.version", healer));
    for (String[] plugin : new String[][] {{"maven-compiler-plugin", "compiler-plugin.version"},
        {"maven-surefire-plugin", "surefire.version"}, {"maven-jar-plugin", "jar-plugin.version"}}) {
      assertThat(x.evaluate("//plugin[artifactId='" + plugin[0] + "']/version", pom)).as(plugin[0])
          .isEqualTo(x.evaluate("/project/properties/" + plugin[1], healer));
    }
  }

  private static Document xml(String text) throws Exception {
    return DocumentBuilderFactory.newInstance().newDocumentBuilder().parse(new InputSource(new StringReader(text)));
  }
}
