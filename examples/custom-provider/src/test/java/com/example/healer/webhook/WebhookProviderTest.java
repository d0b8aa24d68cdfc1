package com.example.healer.webhook;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.equalTo;
import static com.github.tomakehurst.wiremock.client.WireMock.equalToJson;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.options;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.github.tomakehurst.wiremock.WireMockServer;
import io.healer.api.NodeInfo;
import io.healer.api.cloud.CloudProvider;
import io.healer.api.cloud.RepairAction;
import io.healer.api.cloud.RepairRequest;
import io.healer.api.cloud.RepairResult;
import io.healer.api.cloud.RepairTarget;
import io.healer.api.config.ConfigException;
import io.healer.api.config.ConfigProblem;
import io.healer.api.config.Settings;
import io.healer.fakes.Nodes;
import java.io.IOException;
import java.net.ServerSocket;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class WebhookProviderTest {

  private static final Instant NOW = Instant.parse("2026-01-01T00:00:00Z");

  private final WireMockServer receiver = new WireMockServer(options().bindAddress("127.0.0.1").dynamicPort());
  private final NodeInfo worker = Nodes.worker("worker-1").build();

  @BeforeEach
  void start() {
    receiver.start();
  }

  @AfterEach
  void stop() {
    receiver.stop();
  }

  private CloudProvider provider(Map<String, ?> extra) {
    Map<String, Object> values = new HashMap<>(extra);
    values.putIfAbsent("url", receiver.baseUrl() + "/repair");
    return new WebhookProviderFactory().create(Settings.of("webhook", values), "prod-eu");
  }

  private RepairResult repair(CloudProvider provider, RepairAction action) {
    return provider.repair(new RepairRequest(List.of(new RepairTarget(worker, action, "Ready is Unknown", 1)), NOW))
        .get(0);
  }

  private void answer(int status) {
    receiver.stubFor(post("/repair").willReturn(aResponse().withStatus(status)));
  }

  @Test
  void postsTheRepairAsJsonWithTokenAndIdempotencyKey() {
    answer(202);

    RepairResult result = repair(provider(Map.of("token", "t0ken-123")), RepairAction.REBOOT);

    assertThat(result.status()).isEqualTo(RepairResult.Status.STARTED);
    receiver.verify(postRequestedFor(urlEqualTo("/repair"))
        .withHeader("Authorization", equalTo("Bearer t0ken-123"))
        .withHeader("Idempotency-Key", equalTo("prod-eu/worker-1/" + worker.uid().orElseThrow() + "/REBOOT/1"))
        .withRequestBody(equalToJson("{\"cluster\":\"prod-eu\",\"node\":\"worker-1\",\"providerId\":\""
            + Nodes.providerId("worker-1") + "\",\"action\":\"reboot\",\"attempt\":1,"
            + "\"reason\":\"Ready is Unknown\",\"requestedAt\":\"2026-01-01T00:00:00Z\"}")));
  }

  @Test
  void answersTheSameTargetAgainWithoutASecondPost() {
    answer(202);
    CloudProvider provider = provider(Map.of());

    repair(provider, RepairAction.REBOOT);
    RepairResult again = repair(provider, RepairAction.REBOOT);

    assertThat(again.status()).isEqualTo(RepairResult.Status.STARTED);
    receiver.verify(1, postRequestedFor(urlEqualTo("/repair")));
  }

  @Test
  void unknownNodeFails() {
    answer(404);

    assertThat(repair(provider(Map.of()), RepairAction.REBOOT))
        .isEqualTo(RepairResult.failed("worker-1", "the webhook does not know node worker-1"));
  }

  @Test
  void busyReceiverMeansRetryLater() {
    answer(409);

    assertThat(repair(provider(Map.of()), RepairAction.REBOOT).status()).isEqualTo(RepairResult.Status.RETRY_LATER);
  }

  @Test
  void serverErrorFailsNamingTheStatus() {
    answer(500);

    assertThat(repair(provider(Map.of()), RepairAction.REBOOT).reason()).isEqualTo("the webhook answered HTTP 500");
  }

  @Test
  void unreachableReceiverFails() throws IOException {
    int closedPort;
    try (ServerSocket socket = new ServerSocket(0)) {
      closedPort = socket.getLocalPort();
    }

    RepairResult result = repair(provider(Map.of("url", "http://127.0.0.1:" + closedPort + "/repair")),
        RepairAction.REBOOT);

    assertThat(result.status()).isEqualTo(RepairResult.Status.FAILED);
    assertThat(result.reason()).startsWith("the webhook could not be reached");
  }

  @Test
  void actionOutsideTheConfiguredOnesIsNotSupportedAndNotPosted() {
    assertThat(repair(provider(Map.of()), RepairAction.REPLACE).status())
        .isEqualTo(RepairResult.Status.NOT_SUPPORTED);
    receiver.verify(0, postRequestedFor(urlEqualTo("/repair")));
  }

  @Test
  void rejectsAUrlThatIsNotHttp() {
    assertThatThrownBy(() -> provider(Map.of("url", "ftp://example.com/heal")))
        .isInstanceOf(ConfigException.class)
        .hasMessageContaining("webhook.url")
        .hasMessageContaining("ftp://example.com/heal");
  }

  @Test
  void validateReportsEveryProblemOfTheBlockOfflineAsHealerValidateShowsThem() {
    List<ConfigProblem> problems = new WebhookProviderFactory().validate(Settings.of("webhook",
        Map.of("url", "ftp://example.com/heal", "acions", List.of("REBOOT"), "timeout", "10", "token", "s3cret")));

    assertThat(problems).extracting(ConfigProblem::key)
        .containsExactlyInAnyOrder("webhook.acions", "webhook.url", "webhook.timeout");
    assertThat(problems).extracting(ConfigProblem::toString).noneMatch(p -> p.contains("s3cret"));
    receiver.verify(0, postRequestedFor(urlEqualTo("/repair")));
  }

  @Test
  void validateFindsNothingInAGoodBlock() {
    assertThat(new WebhookProviderFactory().validate(Settings.of("webhook",
        Map.of("url", "https://runbooks.example.com/heal", "actions", List.of("reboot", "REBUILD"))))).isEmpty();
  }

  @Test
  void toStringLeavesOutCredentialsInTheUrl() {
    CloudProvider provider = provider(Map.of("url", "https://user:pa55@hooks.example.com/heal?key=abc"));

    assertThat(provider.toString()).isEqualTo("WebhookProvider[https://hooks.example.com/heal, actions [REBOOT]]");
  }
}
