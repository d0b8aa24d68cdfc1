package io.healer.core.config;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;

/**
 * The README's tables of config keys are {@link ConfigKeys#markdownTables()}, word for word.
 *
 * <p>After changing a key in {@link ConfigKeys}, regenerate the README's section with {@code mvn -pl
 * healer-core -am verify -Dtest=ConfigKeysReadmeTest -Dsurefire.failIfNoSpecifiedTests=false
 * -Dhealer.readme.update=true}; the test then writes the tables between the markers instead of
 * comparing them.
 */
class ConfigKeysReadmeTest {

  static final String BEGIN = "<!-- config-keys:begin (generated from ConfigKeys: see ConfigKeysReadmeTest) -->\n";
  static final String END = "<!-- config-keys:end -->\n";

  private static final Path README = Path.of(System.getProperty("basedir", ".")).resolve("../README.md").normalize();

  @Test
  void theReadmesKeyTablesAreTheTableOfKeys() throws IOException {
    String readme = Files.readString(README, StandardCharsets.UTF_8);
    int begin = readme.indexOf(BEGIN);
    int end = readme.indexOf(END);
    assertThat(begin).as("%s has the line %s", README, BEGIN.strip()).isNotNegative();
    assertThat(end).as("%s has the line %s after the begin marker", README, END.strip()).isGreaterThan(begin);
    String section = readme.substring(begin + BEGIN.length(), end);
    String expected = "\n" + ConfigKeys.markdownTables() + "\n";
    if (Boolean.getBoolean("healer.readme.update")) {
      Files.writeString(README, readme.substring(0, begin + BEGIN.length()) + expected + readme.substring(end),
          StandardCharsets.UTF_8);
      return;
    }
    assertThat(section)
        .as("the README's config key tables differ from ConfigKeys; regenerate them with"
            + " -Dtest=ConfigKeysReadmeTest -Dhealer.readme.update=true")
        .isEqualTo(expected);
  }
}
