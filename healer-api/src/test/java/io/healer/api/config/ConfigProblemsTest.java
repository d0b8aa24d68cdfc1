package io.healer.api.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class ConfigProblemsTest {

  private final Settings settings = Settings.of("p", Map.of("timeout", "300", "port", "http", "extra", 1));

  @Test
  void keepsEveryProblemInTheOrderFoundAndThrowsThemTogether() {
    ConfigProblems problems = new ConfigProblems();

    problems.check(() -> settings.requireOnlyKeys(List.of("timeout", "port")));
    Duration timeout = problems.read(() -> settings.duration("timeout", null), Duration.ofSeconds(5));
    int port = problems.read(() -> settings.integer("port", 80, 1, 65535), 80);
    problems.add(settings.problem("port", "http", "a port number"));

    assertThat(timeout).isEqualTo(Duration.ofSeconds(5));
    assertThat(port).isEqualTo(80);
    assertThat(problems.list()).extracting(ConfigProblem::key)
        .containsExactly("p.extra", "p.timeout", "p.port", "p.port");
    assertThatThrownBy(problems::throwIfAny).isInstanceOfSatisfying(ConfigException.class,
        e -> assertThat(e.problems()).isEqualTo(problems.list()));
  }

  @Test
  void answersTheValueReadAndThrowsNothingWhenAllIsValid() {
    ConfigProblems problems = new ConfigProblems();

    assertThat(problems.read(() -> settings.string("port", "x"), "fallback")).isEqualTo("http");
    problems.check(() -> settings.requireOnlyKeys(List.of("timeout", "port", "extra")));

    assertThat(problems.isEmpty()).isTrue();
    problems.throwIfAny();
  }

  @Test
  void letsOtherExceptionsThrough() {
    ConfigProblems problems = new ConfigProblems();

    assertThatThrownBy(() -> problems.read(() -> {
      throw new IllegalStateException("a bug, not a config problem");
    }, null)).isInstanceOf(IllegalStateException.class);
    assertThat(problems.isEmpty()).isTrue();
  }
}
