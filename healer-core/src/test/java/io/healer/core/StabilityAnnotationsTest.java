package io.healer.core;

import static org.assertj.core.api.Assertions.assertThat;

import io.healer.api.API;
import java.io.IOException;
import java.lang.reflect.Modifier;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/** Every public top-level type of healer-core says how stable it is, as healer-api's types do. */
class StabilityAnnotationsTest {

  @Test
  void everyPublicTypeCarriesApi() throws IOException, URISyntaxException {
    Path classes = Path.of(Healer.class.getProtectionDomain().getCodeSource().getLocation().toURI());
    List<String> missing;
    try (Stream<Path> files = Files.walk(classes)) {
      missing = files.map(classes::relativize).map(Path::toString)
          .filter(f -> f.endsWith(".class") && !f.contains("$") && !f.endsWith("package-info.class"))
          .map(f -> f.substring(0, f.length() - ".class".length()).replace('/', '.'))
          .map(StabilityAnnotationsTest::load)
          .filter(c -> Modifier.isPublic(c.getModifiers()) && !c.isAnnotationPresent(API.class))
          .map(Class::getName).sorted().toList();
    }
    assertThat(missing).as("public types of healer-core without @API").isEmpty();
  }

  private static Class<?> load(String name) {
    try {
      return Class.forName(name, false, StabilityAnnotationsTest.class.getClassLoader());
    } catch (ClassNotFoundException e) {
      throw new IllegalStateException(e);
    }
  }
}
