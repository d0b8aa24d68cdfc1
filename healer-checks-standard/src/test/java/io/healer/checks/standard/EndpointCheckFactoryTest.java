package io.healer.checks.standard;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.healer.api.NodeRole;
import io.healer.api.config.ConfigException;
import io.healer.api.config.Settings;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class EndpointCheckFactoryTest {

  private static final String PATH = "healthcheck.master[0].params";

  @TempDir static Path dir;
  private static Path caFile;

  private final EndpointCheckFactory factory = new EndpointCheckFactory();

  @BeforeAll
  static void makeCa() throws Exception {
    caFile = new TestPki(dir).ca("factory-ca");
  }

  private EndpointCheck create(Map<String, ?> params) {
    return (EndpointCheck) factory.create(Settings.of(PATH, params));
  }

  /** The params plus a readable ca-file, so that HTTPS (the default) can be set up. */
  private static Map<String, Object> withCa(Map<String, ?> params) {
    Map<String, Object> all = new HashMap<>(params);
    all.putIfAbsent("ca-file", caFile.toString());
    return all;
  }

  @Test
  void defaultsAreThoseOfTheGoHealer() {
    EndpointOptions options = create(withCa(Map.of())).options();

    assertThat(options.https()).isTrue();
    assertThat(options.port()).isEqualTo(6443);
    assertThat(options.paths()).containsExactly("/healthz");
    assertThat(options.okCodes()).containsExactly(200);
    assertThat(options.timeout()).isEqualTo(Duration.ofSeconds(5));
    assertThat(options.token()).isEmpty();
  }

  @Test
  void defaultCaFileIsTheServiceAccountCaAndMustBeReadableForHttps() {
    assertThatThrownBy(() -> create(Map.of()))
        .isInstanceOf(ConfigException.class)
        .hasMessageContaining(PATH + ".ca-file")
        .hasMessageContaining("'/var/run/secrets/kubernetes.io/serviceaccount/ca.crt'")
        .hasMessageContaining("insecure-skip-verify");
  }

  @Test
  void everyParamIsRead() {
    Map<String, Object> params = new HashMap<>();
    params.put("protocol", "http");
    params.put("port", 10250);
    params.put("endpoints", List.of("healthz", "//readyz?verbose"));
    params.put("ok-codes", List.of(200, 204));
    params.put("timeout", "1500ms");

    EndpointOptions options = create(params).options();

    assertThat(options.https()).isFalse();
    assertThat(options.port()).isEqualTo(10250);
    assertThat(options.paths()).containsExactly("/healthz", "/readyz?verbose");
    assertThat(options.okCodes()).containsExactly(200, 204);
    assertThat(options.timeout()).isEqualTo(Duration.ofMillis(1500));
  }

  @Test
  void protocolIsCaseInsensitiveAsInGo() {
    assertThat(create(Map.of("protocol", "HTTP")).options().https()).isFalse();
    assertThat(create(withCa(Map.of("protocol", "Https"))).options().https()).isTrue();
  }

  @Test
  void plainHttpNeedsNoCaFile() {
    assertThat(create(Map.of("protocol", "HTTP", "ca-file", dir.resolve("absent.pem").toString())))
        .isNotNull();
  }

  @Test
  void insecureSkipVerifyNeedsNoCaFile() {
    assertThat(create(Map.of("insecure-skip-verify", true, "ca-file", dir.resolve("absent.pem").toString())))
        .isNotNull();
  }

  @Test
  void aCaFileWithoutCertificatesIsRejected() throws Exception {
    Path notPem = Files.writeString(dir.resolve("not.pem"), "hello");

    assertThatThrownBy(() -> create(Map.of("ca-file", notPem.toString())))
        .isInstanceOf(ConfigException.class)
        .hasMessageContaining(PATH + ".ca-file")
        .hasMessageContaining(notPem.toString());
  }

  @Test
  void requireTokenNeedsAReadableTokenFileNamedInTheError() {
    Path missing = dir.resolve("no-token");

    assertThatThrownBy(() -> create(withCa(Map.of("require-token", true, "token-file", missing.toString()))))
        .isInstanceOf(ConfigException.class)
        .hasMessageContaining(PATH + ".token-file")
        .hasMessageContaining(missing + ": no such file");
  }

  @Test
  void defaultTokenFileIsTheServiceAccountToken() {
    assertThatThrownBy(() -> create(withCa(Map.of("require-token", true))))
        .isInstanceOf(ConfigException.class)
        .hasMessageContaining("/var/run/secrets/kubernetes.io/serviceaccount/token");
  }

  @Test
  void anEmptyTokenFileIsRejected() throws Exception {
    Path empty = Files.writeString(dir.resolve("empty-token"), "\n");

    assertThatThrownBy(() -> create(withCa(Map.of("require-token", true, "token-file", empty.toString()))))
        .isInstanceOf(ConfigException.class)
        .hasMessageContaining(empty + " is empty");
  }

  @Test
  void tokenFileIsNotReadWithoutRequireToken() {
    assertThat(create(withCa(Map.of("token-file", dir.resolve("absent").toString()))).options().token()).isEmpty();
  }

  @Test
  void anInlineTokenLikeGosIsNeverShown() {
    EndpointCheck check = create(withCa(Map.of("require-token", true, "token", "inline-s3cret")));

    assertThat(check.options().token()).isPresent();
    assertThat(check.toString()).doesNotContain("inline-s3cret");
    assertThat(check.options().toString()).doesNotContain("inline-s3cret");
    assertThatThrownBy(() -> create(withCa(Map.of("token", List.of("list-s3cret")))))
        .isInstanceOf(ConfigException.class)
        .hasMessageNotContaining("list-s3cret");
  }

  @Test
  void goUnhealthyAnnotationIsAcceptedAndIgnored() {
    assertThat(create(withCa(Map.of("unhealthy-annotation", "autohealing.openstack.org/unhealthy-timestamp"))))
        .isNotNull();
  }

  @Test
  void supportsMastersOnlyLikeGo() {
    assertThat(create(withCa(Map.of())).roles()).containsExactly(NodeRole.MASTER);
  }

  @Test
  void unknownKeyIsRejectedWithTheNearestKnownKey() {
    assertThatThrownBy(() -> create(withCa(Map.of("endpoint", List.of("/healthz")))))
        .isInstanceOf(ConfigException.class)
        .hasMessageContaining(PATH + ".endpoint")
        .hasMessageContaining("did you mean 'endpoints'?");
  }

  @Test
  void portMustBeAWholeNumber() {
    assertThatThrownBy(() -> create(withCa(Map.of("port", "abc"))))
        .isInstanceOf(ConfigException.class)
        .hasMessageContaining(PATH + ".port")
        .hasMessageContaining("'abc'")
        .hasMessageContaining("a whole number from 1 to 65535");
  }

  @Test
  void portMustBeInRange() {
    assertThatThrownBy(() -> create(withCa(Map.of("port", 70000))))
        .isInstanceOf(ConfigException.class)
        .hasMessageContaining("'70000'");
  }

  @Test
  void protocolOtherThanHttpOrHttpsIsRejected() {
    assertThatThrownBy(() -> create(withCa(Map.of("protocol", "FTP"))))
        .isInstanceOf(ConfigException.class)
        .hasMessageContaining(PATH + ".protocol")
        .hasMessageContaining("'FTP'")
        .hasMessageContaining("HTTPS or HTTP");
  }

  @Test
  void timeoutWithoutUnitSuggestsSeconds() {
    assertThatThrownBy(() -> create(withCa(Map.of("timeout", 300))))
        .isInstanceOf(ConfigException.class)
        .hasMessageContaining(PATH + ".timeout")
        .hasMessageContaining("'300'")
        .hasMessageContaining("did you mean 300s?");
  }

  @Test
  void timeoutMustBeAboveZero() {
    assertThatThrownBy(() -> create(withCa(Map.of("timeout", "0s"))))
        .isInstanceOf(ConfigException.class)
        .hasMessageContaining("a duration above zero");
  }

  @Test
  void okCodesMustBeHttpStatusCodes() {
    assertThatThrownBy(() -> create(withCa(Map.of("ok-codes", List.of(200, 42)))))
        .isInstanceOf(ConfigException.class)
        .hasMessageContaining(PATH + ".ok-codes")
        .hasMessageContaining("from 100 to 599");
    assertThatThrownBy(() -> create(withCa(Map.of("ok-codes", List.of("OK")))))
        .isInstanceOf(ConfigException.class)
        .hasMessageContaining("a list of whole numbers");
  }

  @Test
  void emptyListsAreRejectedBecauseTheCheckWouldPassEveryNode() {
    assertThatThrownBy(() -> create(withCa(Map.of("endpoints", List.of()))))
        .isInstanceOf(ConfigException.class)
        .hasMessageContaining("at least one path");
    assertThatThrownBy(() -> create(withCa(Map.of("ok-codes", List.of()))))
        .isInstanceOf(ConfigException.class)
        .hasMessageContaining(PATH + ".ok-codes");
  }

  @Test
  void endpointsThatAreNotValidInAUrlAreRejected() {
    assertThatThrownBy(() -> create(withCa(Map.of("endpoints", List.of("/health z")))))
        .isInstanceOf(ConfigException.class)
        .hasMessageContaining("'/health z' is not");
  }

  @Test
  void booleansMustBeTrueOrFalse() {
    assertThatThrownBy(() -> create(withCa(Map.of("insecure-skip-verify", "yes"))))
        .isInstanceOf(ConfigException.class)
        .hasMessageContaining(PATH + ".insecure-skip-verify")
        .hasMessageContaining("true or false");
  }

  @Test
  void everyValueProblemIsReportedAtOnce() {
    assertThatThrownBy(() -> create(withCa(Map.of("port", "abc", "protocol", "FTP", "timeout", 300))))
        .isInstanceOfSatisfying(ConfigException.class, e -> assertThat(e.problems()).hasSize(3));
  }
}
