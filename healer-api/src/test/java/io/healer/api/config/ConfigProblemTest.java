package io.healer.api.config;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.junit.jupiter.api.Test;

class ConfigProblemTest {

  @ParameterizedTest
  @ValueSource(strings = {"password", "openstack.password", "application-credential-secret", "token",
      "auth-token", "client_secret", "private-key"})
  void treatsSecretLookingKeysAsSecret(String key) {
    assertThat(ConfigProblem.isSecretKey(key)).isTrue();
    assertThat(ConfigProblem.of(key, "hunter2", "a string").toString())
        .doesNotContain("hunter2").contains("<redacted>");
    assertThat(ConfigProblem.of(key, "hunter2", "a string").value()).isEmpty();
  }

  @ParameterizedTest
  @ValueSource(strings = {"token-file", "require-token", "ca-file", "application-credential-id",
      "application-credential-name", "username", "monitor-interval"})
  void showsTheValueOfOrdinaryKeys(String key) {
    assertThat(ConfigProblem.isSecretKey(key)).isFalse();
    assertThat(ConfigProblem.of(key, "abc", "a duration").toString())
        .isEqualTo(key + ": value 'abc' is not allowed; a duration");
  }

  @Test
  void suggestsTheNearestKnownKeyForATypo() {
    ConfigProblem p = ConfigProblem.unknownKey("healthcheck.worker[0].params.unhealty-duration",
        List.of("unhealthy-duration", "types", "ok-values"));
    assertThat(p.key()).isEqualTo("healthcheck.worker[0].params.unhealty-duration");
    assertThat(p.allowed()).isEqualTo("unknown key (did you mean 'unhealthy-duration'?)");
  }

  @Test
  void listsAFewKnownKeysWhenNoneIsClose() {
    assertThat(ConfigProblem.unknownKey("healthcheck.worker[0].params.zzzzzz",
        List.of("unhealthy-duration", "types", "ok-values")).allowed())
        .isEqualTo("unknown key; known keys: ok-values, types, unhealthy-duration");
  }

  @Test
  void countsManyKnownKeysInsteadOfListingThemWhenNoneIsClose() {
    List<String> many = java.util.stream.IntStream.range(0, 35).mapToObj(i -> "key-number-" + i).toList();
    String allowed = ConfigProblem.unknownKey("zzzzzz", many).allowed();
    assertThat(allowed).isEqualTo("unknown key; none of the 35 keys known here is close to it (see the"
        + " configuration reference)");
    assertThat(allowed.length()).isLessThan(120);
  }

  @Test
  void suggestsNothingWhenNoKnownKeyIsClose() {
    assertThat(ConfigProblem.unknownKey("zzzzzz", List.of("monitor-interval")).allowed())
        .doesNotContain("did you mean");
  }
}
