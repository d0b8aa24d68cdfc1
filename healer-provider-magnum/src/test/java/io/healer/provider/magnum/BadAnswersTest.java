package io.healer.provider.magnum;

import static org.assertj.core.api.Assertions.assertThat;

import com.google.gson.Gson;
import io.healer.api.NodeAddress;
import io.healer.api.NodeInfo;
import io.healer.api.cloud.ClusterStatus;
import io.healer.api.cloud.RepairAction;
import io.healer.api.cloud.RepairRequest;
import io.healer.api.cloud.RepairResult;
import io.healer.api.cloud.RepairTarget;
import io.healer.api.config.Settings;
import io.healer.fakes.ManualClock;
import io.healer.fakes.Nodes;
import io.healer.testkit.openstack.FakeOpenStack;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

/**
 * Answers a broken or misconfigured cloud gives (issue #12, "Bad input"; item 4): each is a failed
 * call naming the service and the status, and no repair starts on what was half read.
 */
class BadAnswersTest {

  static final String CLUSTER = "k8s";
  static final String CLUSTER_PATH = "/magnum/v1/clusters/k8s";
  static final String TOKENS = "/identity/v3/auth/tokens";
  static final String PROXY_PAGE = "<html><head><title>502 Bad Gateway</title></head>"
      + "<body><center><h1>502 Bad Gateway</h1></center><hr><center>nginx</center></body></html>";
  static final Map<String, String> HTML = Map.of("Content-Type", "text/html");
  static final Map<String, String> JSON = Map.of("Content-Type", "application/json");
  static final Gson GSON = new Gson();
  /** Far more than any test needs, so that a retried read sees the same answer. */
  static final int ALWAYS = 100;

  ManualClock clock;
  FakeOpenStack openstack;
  MagnumCloudProvider provider;
  /** The waits between attempts, in order; each moves the clock as a real wait would. */
  List<Duration> waits;

  @BeforeEach
  void start() {
    clock = new ManualClock();
    openstack = FakeOpenStack.start(clock);
    openstack.createCluster(CLUSTER, 1, Map.of("default-worker", 2));
    waits = new ArrayList<>();
    provider = provider(CLUSTER);
  }

  @AfterEach
  void stop() {
    openstack.close();
  }

  MagnumCloudProvider provider(String cluster) {
    Map<String, Object> b = new LinkedHashMap<>(openstack.passwordAuth());
    b.put("stop-wait", "0s");
    // A fixed jitter: the backoff is three quarters of its base.
    return new MagnumCloudProvider(MagnumConfig.from(Settings.of("openstack", b)), cluster, clock, d -> {
      waits.add(d);
      clock.advance(d);
    }, () -> 0.5);
  }

  NodeInfo worker() {
    String id = openstack.serverIds(CLUSTER, "default-worker").get(0);
    return Nodes.worker("worker-0").providerId("openstack:///" + id).addresses(List.of())
        .address(NodeAddress.INTERNAL_IP, openstack.server(id).orElseThrow().address()).build();
  }

  RepairResult replaceAWorker() {
    return provider.repair(new RepairRequest(List.of(new RepairTarget(worker(), RepairAction.REPLACE,
        "NodeCondition: Ready is Unknown", 1)), clock.instant())).get(0);
  }

  /**
   * The cluster is UNKNOWN with a reason naming each part, a repair asked anyway fails with the
   * same reason, and nothing that changes the cloud was sent.
   */
  void unknownAndNothingStarted(String... reasonParts) {
    ClusterStatus status = provider.clusterStatus();
    assertThat(status.status()).isEqualTo(ClusterStatus.Status.UNKNOWN);
    assertThat(status.reason()).contains(reasonParts);
    RepairResult r = replaceAWorker();
    assertThat(r.status()).isEqualTo(RepairResult.Status.FAILED);
    assertThat(r.reason()).contains(reasonParts);
    assertThat(openstack.changes()).isEmpty();
  }

  @Nested
  @DisplayName("Keystone")
  class Keystone {
    @Test
    void aKeystoneThatAnswers500IsNamedWithItsStatusNotAsRefusedCredentials() {
      openstack.failNext("POST", TOKENS, 500, ALWAYS);
      unknownAndNothingStarted("Keystone", "answered 500", "injected failure 500");
      assertThat(provider.clusterStatus().reason()).doesNotContain("refused the credentials");
    }

    @Test
    void aProxyPageWith200InsteadOfATokenSaysWhatCame() {
      openstack.answerNext("POST", TOKENS, 200, HTML, PROXY_PAGE, ALWAYS);
      unknownAndNothingStarted("Keystone POST /v3/auth/tokens answered 200", "text/html", "not a JSON object");
    }

    @Test
    void aProxyPageWith502InsteadOfATokenSaysWhatCame() {
      openstack.answerNext("POST", TOKENS, 502, HTML, PROXY_PAGE, ALWAYS);
      unknownAndNothingStarted("Keystone POST /v3/auth/tokens answered 502", "text/html body",
          "a proxy may have answered");
    }

    @Test
    void aTokenWithoutCatalogIsAFailedLogin() {
      openstack.tokensWithoutCatalog(false);
      unknownAndNothingStarted("Keystone", "answered 201", "without a service catalog");
    }

    @Test
    void aTokenWithAnEmptyCatalogIsAFailedLogin() {
      openstack.tokensWithoutCatalog(true);
      unknownAndNothingStarted("Keystone", "answered 201", "service catalog is empty");
    }
  }

  @Nested
  @DisplayName("Magnum and Heat")
  class Services {
    @Test
    void aProxyPageWith200InsteadOfTheCluster() {
      openstack.answerNext("GET", CLUSTER_PATH, 200, HTML, PROXY_PAGE, ALWAYS);
      unknownAndNothingStarted("Magnum GET /clusters/k8s answered 200",
          "a " + PROXY_PAGE.length() + "-byte text/html body", "not a JSON object", "malformed at line 1 column");
      assertThat(provider.clusterStatus().reason()).doesNotContain("nginx");
    }

    @Test
    void aProxyPageWith502InsteadOfTheCluster() {
      openstack.answerNext("GET", CLUSTER_PATH, 502, HTML, PROXY_PAGE, ALWAYS);
      unknownAndNothingStarted("Magnum GET /clusters/k8s answered 502", "text/html body",
          "a proxy may have answered");
      assertThat(provider.clusterStatus().reason()).doesNotContain("nginx");
    }

    @Test
    void aMagnumThatAnswers404ForTheCluster() {
      provider = provider("k8s-gone");
      // Magnum's own text follows (the contract suite checks it against the real Magnum).
      unknownAndNothingStarted("Magnum GET /clusters/k8s-gone answered 404: ");
    }

    @Test
    void aTruncatedClusterIsUnknown() {
      openstack.truncateNext("GET", CLUSTER_PATH, 60, ALWAYS);
      unknownAndNothingStarted("Magnum GET /clusters/k8s answered 200", "a 60-byte application/json body", "ends early");
    }

    @Test
    void aTruncatedResourceListStopsTheRepairBeforeAnythingIsTouched() {
      // The cluster reads well, so healing is allowed; the repair's own read is cut short.
      assertThat(provider.clusterStatus().allowsRepair()).isTrue();
      openstack.truncateNext("GET", "/heat/v1/[^/]+/stacks/[^/]+/[^/]+/resources", 500, ALWAYS);
      RepairResult r = replaceAWorker();
      assertThat(r.status()).isEqualTo(RepairResult.Status.FAILED);
      assertThat(r.reason()).contains("Heat GET /stacks/k8s-stack/").contains("answered 200").contains("ends early");
      assertThat(openstack.changes()).isEmpty();
    }

    @Test
    void aDeepAnswerIsRefusedAtTheNestingLimit() {
      // The old codec's recursion ended in a StackOverflowError, which no caller caught.
      openstack.answerNext("GET", CLUSTER_PATH, 200, Map.of("Content-Type", "application/json"),
          "{\"cluster\":" + "[".repeat(50_000) + "]".repeat(50_000) + "}", ALWAYS);
      unknownAndNothingStarted("Magnum GET /clusters/k8s answered 200", "nests deeper than 64 levels");
    }

    @Test
    void aHugeAnswerIsRefusedAtTheSizeLimit() {
      openstack.answerNext("GET", CLUSTER_PATH, 200, Map.of("Content-Type", "application/json"),
          "[\"" + "x".repeat(33 * 1024 * 1024) + "\"]", 1);
      ClusterStatus status = provider.clusterStatus();
      assertThat(status.status()).isEqualTo(ClusterStatus.Status.UNKNOWN);
      assertThat(status.reason()).contains("Magnum GET /clusters/k8s answered 200")
          .contains("larger than 32 MiB");
      // Not a server error: a broken answer is not asked for again.
      assertThat(openstack.calls()).filteredOn(c -> c.equals("GET " + CLUSTER_PATH)).hasSize(1);
    }
  }

  @Nested
  @DisplayName("retries")
  class Retries {
    @Test
    void aReadAnswered429WaitsTheSecondsOfRetryAfter() {
      openstack.answerNext("GET", CLUSTER_PATH, 429, Map.of("Retry-After", "7"), "", 1);
      assertThat(provider.clusterStatus().allowsRepair()).isTrue();
      assertThat(waits).containsExactly(Duration.ofSeconds(7));
    }

    @Test
    void aReadAnswered503WaitsUntilTheDateOfRetryAfter() {
      String at = DateTimeFormatter.RFC_1123_DATE_TIME.format(clock.instant().plusSeconds(12).atOffset(ZoneOffset.UTC));
      openstack.answerNext("GET", CLUSTER_PATH, 503, Map.of("Retry-After", at), "", 1);
      assertThat(provider.clusterStatus().allowsRepair()).isTrue();
      assertThat(waits).containsExactly(Duration.ofSeconds(12));
    }

    @Test
    void aBadRetryAfterFallsBackToTheBackoffWithJitter() {
      openstack.answerNext("GET", CLUSTER_PATH, 503, Map.of("Retry-After", "soon"), "", 2);
      assertThat(provider.clusterStatus().allowsRepair()).isTrue();
      // 500 ms and 1 s, each less a quarter (the fixed jitter 0.5 takes half of the half).
      assertThat(waits).containsExactly(Duration.ofMillis(375), Duration.ofMillis(750));
    }

    @Test
    void aRetryAfterAboveTheMaximumIsNotWaitedAndSaysSo() {
      openstack.answerNext("GET", CLUSTER_PATH, 503, Map.of("Retry-After", "3600"), "", 1);
      ClusterStatus status = provider.clusterStatus();
      assertThat(status.status()).isEqualTo(ClusterStatus.Status.UNKNOWN);
      assertThat(status.reason()).contains("Magnum GET /clusters/k8s answered 503")
          .contains("not sent again: Retry-After asks for 3600 s");
      assertThat(waits).isEmpty();
    }

    @Test
    void waitsEndAtTheCallsDeadline() {
      // request-timeout 30 s and 2 retries: the call is over within 90 s.
      openstack.answerNext("GET", CLUSTER_PATH, 503, Map.of("Retry-After", "50"), "", 2);
      ClusterStatus status = provider.clusterStatus();
      assertThat(status.status()).isEqualTo(ClusterStatus.Status.UNKNOWN);
      assertThat(status.reason()).contains("answered 503").contains("would pass the call's deadline");
      assertThat(waits).containsExactly(Duration.ofSeconds(50));
    }

    @Test
    void aChangeAnswered429IsSentOnceAndTriedAgainLater() {
      openstack.stopTime(Duration.ZERO);
      openstack.answerNext("POST", ".*/actions/resize", 429, Map.of("Retry-After", "1"), "", 1);
      assertThat(provider.clusterStatus().allowsRepair()).isTrue();
      RepairResult r = replaceAWorker();
      assertThat(r.status()).isEqualTo(RepairResult.Status.RETRY_LATER);
      assertThat(r.reason()).contains("429");
      assertThat(openstack.calls()).filteredOn(c -> c.endsWith("/actions/resize")).hasSize(1);
      assertThat(waits).isEmpty();
      assertThat(replaceAWorker().status()).isEqualTo(RepairResult.Status.STARTED);
      assertThat(openstack.calls()).filteredOn(c -> c.endsWith("/actions/resize")).hasSize(2);
      assertThat(openstack.calls()).filteredOn(c -> c.endsWith("/action")).hasSize(1);
    }
  }

  @Nested
  @DisplayName("answers in another shape")
  class Shapes {
    @Test
    void aClusterAnsweredWithCluster_idInPlaceOfStack_idIsReadAsMagnum2026_2WritesIt() throws Exception {
      // From microversion 1.13 (Magnum 2026.2) the cluster's stack is cluster_id, and stack_id is gone.
      Map<String, Object> cluster = servedCluster();
      cluster.put("cluster_id", cluster.remove("stack_id"));
      openstack.answerNext("GET", CLUSTER_PATH, 200, JSON, GSON.toJson(cluster), ALWAYS);

      ClusterStatus status = provider.clusterStatus();
      assertThat(status.status()).as(status.reason()).isEqualTo(ClusterStatus.Status.READY);
    }

    @Test
    void aClusterThatNamesNoStackIsUnknownSayingSo() throws Exception {
      Map<String, Object> cluster = servedCluster();
      cluster.remove("stack_id");
      openstack.answerNext("GET", CLUSTER_PATH, 200, JSON, GSON.toJson(cluster), ALWAYS);

      unknownAndNothingStarted("cluster k8s names no Heat stack (neither stack_id nor cluster_id)");
    }

    @Test
    void validJsonInAnotherShapeIsAFailedCallNamingTheServiceNotAClassCastException() throws Exception {
      Map<String, Object> cluster = servedCluster();
      cluster.put("labels", "auto_healing_enabled=true");
      openstack.answerNext("GET", CLUSTER_PATH, 200, JSON, GSON.toJson(cluster), ALWAYS);

      unknownAndNothingStarted("Magnum GET /clusters/k8s answered 200 with JSON in another shape than its API"
          + " reference gives (ClassCastException)");
    }

    @Test
    void aServerListedInAnotherShapeFailsOnlyThatRepair() {
      String id = openstack.serverIds(CLUSTER, "default-worker").get(0);
      openstack.answerNext("GET", "/compute/v2.1/servers/" + id, 200, JSON,
          "{\"server\": {\"id\": \"" + id + "\", \"status\": \"ACTIVE\", \"addresses\": [\"10.0.0.1\"]}}", ALWAYS);

      RepairResult r = provider.repair(new RepairRequest(List.of(new RepairTarget(worker(), RepairAction.REBOOT,
          "NodeCondition: Ready is Unknown", 1)), clock.instant())).get(0);

      assertThat(r.status()).isEqualTo(RepairResult.Status.FAILED);
      assertThat(r.reason()).contains("Nova GET /servers/" + id + " answered 200 with JSON in another shape");
      assertThat(openstack.changes()).isEmpty();
    }

    /** The cluster as the fake's Magnum serves it, read as any client would. */
    @SuppressWarnings("unchecked")
    private Map<String, Object> servedCluster() throws Exception {
      Map<String, Object> block = openstack.passwordAuth();
      Map<String, Object> domain = Map.of("name", block.get("user-domain-name"));
      Map<String, Object> auth = Map.of("auth", Map.of(
          "identity", Map.of("methods", List.of("password"), "password", Map.of("user", Map.of(
              "name", block.get("username"), "domain", domain, "password", block.get("password")))),
          "scope", Map.of("project", Map.of("name", block.get("project-name"), "domain", domain))));
      HttpClient http = HttpClient.newHttpClient();
      HttpResponse<String> login = http.send(HttpRequest.newBuilder(URI.create(openstack.baseUrl() + TOKENS))
          .header("Content-Type", "application/json").POST(HttpRequest.BodyPublishers.ofString(GSON.toJson(auth)))
          .build(), HttpResponse.BodyHandlers.ofString());
      HttpResponse<String> cluster = http.send(HttpRequest.newBuilder(URI.create(openstack.baseUrl() + CLUSTER_PATH))
          .header("X-Auth-Token", login.headers().firstValue("X-Subject-Token").orElseThrow())
          .header("OpenStack-API-Version", "container-infra 1.10").build(), HttpResponse.BodyHandlers.ofString());
      assertThat(cluster.statusCode()).isEqualTo(200);
      openstack.clearRequests();
      return GSON.fromJson(cluster.body(), LinkedHashMap.class);
    }
  }
}
