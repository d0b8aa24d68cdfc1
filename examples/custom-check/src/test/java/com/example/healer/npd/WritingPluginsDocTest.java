package com.example.healer.npd;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/** docs/writing-plugins.md shows these files as they are, so a plugin author copies code that compiles. */
class WritingPluginsDocTest {

  private static final Path ROOT = Path.of("../..");
  private static final Pattern SNIPPET = Pattern.compile("<!-- snippet: (\\S+) -->\n```java\n(.*?)\n```", Pattern.DOTALL);

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
    assertThat(count).as("snippets found").isEqualTo(3);
  }
}
