package io.healer.checks.standard;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.equalTo;
import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.getRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.ok;
import static com.github.tomakehurst.wiremock.client.WireMock.status;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.options;
import static io.healer.checks.standard.Fixtures.context;
import static io.healer.checks.standard.Fixtures.masterOnLoopback;
import static org.assertj.core.api.Assertions.assertThat;

import com.github.tomakehurst.wiremock.WireMockServer;
import io.healer.api.NodeAddress;
import io.healer.api.NodeInfo;
import io.healer.api.Verdict;
import io.healer.api.check.HealthCheck;
import io.healer.api.config.Settings;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The Endpoint check over plain HTTP against a real server on loopback. */
class EndpointCheckHttpTest {

  private static WireMockServer server;

  @TempDir Path dir;

  @BeforeAll
  static void startServer() {
    server = new WireMockServer(options().bindAddress("127.0.0.1").dynamicPort());
    server.start();
  }

  @AfterAll
  static void stopServer() {
    server.stop();
  }

  @BeforeEach
  void resetServer() {
    server.resetAll();
  }

  private static HealthCheck check(Map<String, ?> params) {
    Map<String, Object> all = new HashMap<>(params);
    all.putIfAbsent("protocol", "HTTP");
    all.putIfAbsent("port", server.port());
    return new EndpointCheckFactory().create(Settings.of(all));
  }

  private String url(String path) {
    return "http://127.0.0.1:" + server.port() + path;
  }

  @Test
  void okCodeIsHealthy() {
    server.stubFor(get("/healthz").willReturn(ok("ok")));

    assertThat(check(Map.of()).check(masterOnLoopback(), context())).isEqualTo(Verdict.healthy());
  }

  @Test
  void serverErrorIsUnhealthyNamingUrlAndCode() {
    server.stubFor(get("/healthz").willReturn(status(500)));

    Verdict verdict = check(Map.of()).check(masterOnLoopback(), context());

    assertThat(verdict.isUnhealthy()).isTrue();
    assertThat(verdict.reason()).isEqualTo("GET " + url("/healthz") + " returned 500, expected 200");
  }

  @Test
  void okCodesDecideWhatIsHealthy() {
    server.stubFor(get("/healthz").willReturn(status(204)));
    HealthCheck check = check(Map.of("ok-codes", List.of(200, 204)));

    assertThat(check.check(masterOnLoopback(), context()).isHealthy()).isTrue();
    assertThat(check(Map.of()).check(masterOnLoopback(), context()).reason()).endsWith("returned 204, expected 200");
  }

  @Test
  void redirectIsNotFollowedButJudgedByOkCodes() {
    server.stubFor(get("/healthz").willReturn(status(302).withHeader("Location", "/elsewhere")));

    Verdict verdict = check(Map.of()).check(masterOnLoopback(), context());

    assertThat(verdict.reason()).endsWith("returned 302, expected 200");
  }

  @Test
  void refusedConnectionIsUnhealthy() throws Exception {
    int closedPort;
    try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getByName("127.0.0.1"))) {
      closedPort = socket.getLocalPort();
    }

    Verdict verdict = check(Map.of("port", closedPort)).check(masterOnLoopback(), context());

    assertThat(verdict.isUnhealthy()).isTrue();
    assertThat(verdict.reason())
        .isEqualTo("GET http://127.0.0.1:" + closedPort + "/healthz failed: connection refused");
  }

  @Test
  void responseSlowerThanTheTimeoutIsUnhealthy() {
    server.stubFor(get("/healthz").willReturn(ok().withFixedDelay(1000)));

    Verdict verdict = check(Map.of("timeout", "300ms")).check(masterOnLoopback(), context());

    assertThat(verdict.isUnhealthy()).isTrue();
    assertThat(verdict.reason()).isEqualTo("GET " + url("/healthz") + " timed out after 300ms");
  }

  @Test
  void theEnginesTimeBudgetCapsTheTimeout() {
    server.stubFor(get("/healthz").willReturn(ok().withFixedDelay(1000)));

    Verdict verdict = check(Map.of("timeout", "5s")).check(masterOnLoopback(), context(Duration.ofMillis(300)));

    assertThat(verdict.reason())
        .isEqualTo("GET " + url("/healthz") + " timed out at the end of the check's time budget of 300ms");
  }

  @Test
  void noTimeBudgetLeftIsUnknown() {
    Verdict verdict = check(Map.of()).check(masterOnLoopback(), context(Duration.ZERO));

    assertThat(verdict.isUnknown()).isTrue();
    assertThat(server.getAllServeEvents()).isEmpty();
  }

  @Test
  void nodeWithoutInternalIpIsUnknown() {
    NodeInfo node = NodeInfo.builder("master-0").address("ExternalIP", "127.0.0.1").build();

    Verdict verdict = check(Map.of()).check(node, context());

    assertThat(verdict.isUnknown()).isTrue();
    assertThat(verdict.reason()).isEqualTo("the node has no InternalIP address to probe");
    assertThat(server.getAllServeEvents()).isEmpty();
  }

  @Test
  void probesTheInternalIpNotOtherAddresses() {
    server.stubFor(get("/healthz").willReturn(ok()));
    NodeInfo node = NodeInfo.builder("master-0")
        .address("ExternalIP", "192.0.2.1")
        .address(NodeAddress.INTERNAL_IP, "127.0.0.1")
        .build();

    assertThat(check(Map.of()).check(node, context()).isHealthy()).isTrue();
  }

  @Test
  void everyEndpointIsProbedAndTheFirstFailingOneNamesTheReason() {
    server.stubFor(get("/livez").willReturn(ok()));
    server.stubFor(get("/readyz").willReturn(status(503)));
    server.stubFor(get("/healthz").willReturn(status(500)));

    Verdict verdict = check(Map.of("endpoints", List.of("/livez", "readyz", "/healthz")))
        .check(masterOnLoopback(), context());

    assertThat(verdict.reason()).isEqualTo("GET " + url("/readyz") + " returned 503, expected 200");
    server.verify(1, getRequestedFor(urlEqualTo("/livez")));
    server.verify(0, getRequestedFor(urlEqualTo("/healthz")));
  }

  @Test
  void healthyOnlyWhenEveryEndpointIsOk() {
    server.stubFor(get("/livez").willReturn(ok()));
    server.stubFor(get("/readyz").willReturn(ok()));

    assertThat(check(Map.of("endpoints", List.of("/livez", "/readyz"))).check(masterOnLoopback(), context())
        .isHealthy()).isTrue();
  }

  @Test
  void requireTokenSendsTheBearerTokenAndNeverPutsItInTheReason() throws Exception {
    Path token = Files.writeString(dir.resolve("token"), "s3cret-token\n");
    server.stubFor(get("/healthz").willReturn(status(403)));

    Verdict verdict = check(Map.of("require-token", true, "token-file", token.toString()))
        .check(masterOnLoopback(), context());

    server.verify(getRequestedFor(urlEqualTo("/healthz")).withHeader("Authorization", equalTo("Bearer s3cret-token")));
    assertThat(verdict.isUnhealthy()).isTrue();
    assertThat(verdict.reason()).endsWith("returned 403, expected 200").doesNotContain("s3cret");
  }

  @Test
  void noTokenIsSentWithoutRequireToken() throws Exception {
    Path token = Files.writeString(dir.resolve("token"), "s3cret-token");
    server.stubFor(get("/healthz").willReturn(ok()));

    check(Map.of("token-file", token.toString())).check(masterOnLoopback(), context());

    server.verify(getRequestedFor(urlEqualTo("/healthz")).withoutHeader("Authorization"));
  }

  @Test
  void theTokenFileIsReadAgainForEveryProbeSoRotatedTokensWork() throws Exception {
    Path token = Files.writeString(dir.resolve("token"), "first");
    server.stubFor(get("/healthz").withHeader("Authorization", equalTo("Bearer second")).willReturn(ok()));
    server.stubFor(get("/healthz").withHeader("Authorization", equalTo("Bearer first")).willReturn(status(401)));
    HealthCheck check = check(Map.of("require-token", true, "token-file", token.toString()));

    assertThat(check.check(masterOnLoopback(), context()).isUnhealthy()).isTrue();
    Files.writeString(token, "second");
    assertThat(check.check(masterOnLoopback(), context()).isHealthy()).isTrue();
  }

  @Test
  void aTokenFileThatVanishesAfterCreationMakesTheVerdictUnknown() throws Exception {
    Path token = Files.writeString(dir.resolve("token"), "s3cret-token");
    HealthCheck check = check(Map.of("require-token", true, "token-file", token.toString()));
    Files.delete(token);

    Verdict verdict = check.check(masterOnLoopback(), context());

    assertThat(verdict.isUnknown()).isTrue();
    assertThat(verdict.reason()).contains(token.toString()).contains("no such file");
    assertThat(server.getAllServeEvents()).isEmpty();
  }

  @Test
  void anInlineTokenIsSentLikeGosTokenParam() {
    server.stubFor(get("/healthz").withHeader("Authorization", equalTo("Bearer inline-s3cret")).willReturn(ok()));

    Verdict verdict = check(Map.of("require-token", true, "token", "inline-s3cret")).check(masterOnLoopback(), context());

    assertThat(verdict.isHealthy()).isTrue();
  }

  @Test
  void aBodyTricklingInSlowerThanTheTimeoutIsUnhealthy() {
    server.stubFor(get("/healthz").willReturn(aResponse().withStatus(200).withChunkedDribbleDelay(5, 1000)
        .withBody("0123456789")));

    Verdict verdict = check(Map.of("timeout", "300ms")).check(masterOnLoopback(), context());

    assertThat(verdict.isUnhealthy()).isTrue();
    assertThat(verdict.reason()).contains("timed out after 300ms");
  }
}
