package io.healer.testkit.openstack;

import static org.assertj.core.api.Assertions.assertThat;

import io.healer.fakes.ManualClock;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class FakeOpenStackTest {

  ManualClock clock = new ManualClock();
  FakeOpenStack openstack;
  HttpClient http = HttpClient.newHttpClient();

  @BeforeEach
  void start() {
    openstack = FakeOpenStack.start(clock);
    openstack.createCluster("k8s", 1, Map.of("default-worker", 2));
  }

  @AfterEach
  void stop() {
    openstack.close();
  }

  HttpResponse<String> send(String method, String path, String token, String body) throws Exception {
    HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(openstack.baseUrl() + path))
        .method(method, body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(body))
        .header("Content-Type", "application/json");
    if (token != null) {
      b.header("X-Auth-Token", token);
    }
    return http.send(b.build(), HttpResponse.BodyHandlers.ofString());
  }

  @SuppressWarnings("unchecked")
  static Map<String, Object> json(String body) {
    return com.github.tomakehurst.wiremock.common.Json.read(body, Map.class);
  }

  static String passwordBody() {
    return "{\"auth\":{\"identity\":{\"methods\":[\"password\"],\"password\":{\"user\":{\"name\":\"healer\","
        + "\"domain\":{\"name\":\"Default\"},\"password\":\"" + FakeOpenStack.PASSWORD + "\"}}},"
        + "\"scope\":{\"project\":{\"name\":\"demo\",\"domain\":{\"name\":\"Default\"}}}}}";
  }

  String token() throws Exception {
    HttpResponse<String> r = send("POST", "/identity/v3/auth/tokens", null, passwordBody());
    assertThat(r.statusCode()).isEqualTo(201);
    assertThat(r.body()).contains("container-infra").contains("orchestration").contains("compute");
    return r.headers().firstValue("X-Subject-Token").orElseThrow();
  }

  @Test
  void tokensExpireWithTheClockAndSecretsAreNotRecorded() throws Exception {
    String token = token();
    assertThat(send("GET", "/magnum/v1/clusters/k8s", token, null).statusCode()).isEqualTo(200);
    clock.advance(Duration.ofHours(1));
    assertThat(send("GET", "/magnum/v1/clusters/k8s", token, null).statusCode()).isEqualTo(401);
    assertThat(openstack.requests().toString()).doesNotContain(FakeOpenStack.PASSWORD);
  }

  @Test
  void aStoppedServerIsShutoffAfterItsStopTime() throws Exception {
    String id = openstack.serverIds("k8s", "default-worker").get(0);
    assertThat(send("POST", "/compute/v2.1/servers/" + id + "/action", token(), "{\"os-stop\":null}").statusCode())
        .isEqualTo(202);
    assertThat(openstack.server(id).orElseThrow().status()).isEqualTo("ACTIVE");
    clock.advance(Duration.ofSeconds(20));
    assertThat(openstack.server(id).orElseThrow().status()).isEqualTo("SHUTOFF");
  }

  @Test
  void resizeNeedsAMicroversionIsAcceptedWhileBusyAsMagnumDoesAndReplacesLater() throws Exception {
    String token = token();
    String id = openstack.serverIds("k8s", "default-worker").get(1);
    String body = "{\"node_count\":2,\"nodes_to_remove\":[\"" + id + "\"],\"nodegroup\":\"default-worker\"}";
    assertThat(send("POST", "/magnum/v1/clusters/k8s/actions/resize", token, body).statusCode()).isEqualTo(406);
    HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(openstack.baseUrl() + "/magnum/v1/clusters/k8s/actions/resize"))
        .POST(HttpRequest.BodyPublishers.ofString(body)).header("X-Auth-Token", token)
        .header("OpenStack-API-Version", "container-infra latest");
    assertThat(http.send(b.build(), HttpResponse.BodyHandlers.ofString()).statusCode()).isEqualTo(202);
    // Magnum 15 accepts a resize during another update and runs both (it used to be a 409 here).
    assertThat(http.send(b.build(), HttpResponse.BodyHandlers.ofString()).statusCode()).isEqualTo(202);
    clock.advance(Duration.ofMinutes(5));
    assertThat(openstack.serverIds("k8s", "default-worker")).hasSize(2).doesNotContain(id);
    assertThat(openstack.clusterStatus("k8s")).isEqualTo("UPDATE_COMPLETE");
  }

  @Test
  void magnumServesMicroversionsUpTo110AsMagnum15Does() throws Exception {
    String token = token();
    for (String version : List.of("container-infra 1.10", "container-infra latest", "container-infra 1.1")) {
      HttpRequest r = HttpRequest.newBuilder(URI.create(openstack.baseUrl() + "/magnum/v1/clusters/k8s"))
          .header("X-Auth-Token", token).header("OpenStack-API-Version", version).build();
      assertThat(http.send(r, HttpResponse.BodyHandlers.ofString()).statusCode()).as(version).isEqualTo(200);
    }
    HttpRequest r = HttpRequest.newBuilder(URI.create(openstack.baseUrl() + "/magnum/v1/clusters/k8s"))
        .header("X-Auth-Token", token).header("OpenStack-API-Version", "container-infra 1.11").build();
    HttpResponse<String> refused = http.send(r, HttpResponse.BodyHandlers.ofString());
    assertThat(refused.statusCode()).isEqualTo(406);
    assertThat(refused.body()).contains("[1.1, 1.10]");
  }

  @Test
  void nodeGroupBoundsShowOnlyInTheGroupAndRefuseAResizeOutsideThem() throws Exception {
    openstack.nodeGroupBounds("k8s", "default-worker", 1, 2);
    String token = token();
    String v = "container-infra 1.10";
    HttpResponse<String> list = http.send(HttpRequest.newBuilder(URI.create(openstack.baseUrl()
        + "/magnum/v1/clusters/k8s/nodegroups")).header("X-Auth-Token", token).header("OpenStack-API-Version", v)
        .build(), HttpResponse.BodyHandlers.ofString());
    // As Magnum's list: the bounds unset, shown as 0 and none (WireMock's JSON leaves nulls out).
    assertThat(json(list.body()).get("nodegroups").toString()).contains("min_node_count=0")
        .doesNotContain("min_node_count=1").doesNotContain("max_node_count=2");
    HttpResponse<String> one = http.send(HttpRequest.newBuilder(URI.create(openstack.baseUrl()
        + "/magnum/v1/clusters/k8s/nodegroups/default-worker")).header("X-Auth-Token", token)
        .header("OpenStack-API-Version", v).build(), HttpResponse.BodyHandlers.ofString());
    assertThat(json(one.body())).containsEntry("min_node_count", 1).containsEntry("max_node_count", 2);
    HttpResponse<String> resize = http.send(HttpRequest.newBuilder(URI.create(openstack.baseUrl()
        + "/magnum/v1/clusters/k8s/actions/resize")).header("X-Auth-Token", token).header("OpenStack-API-Version", v)
        .POST(HttpRequest.BodyPublishers.ofString("{\"node_count\":3,\"nodegroup\":\"default-worker\"}")).build(),
        HttpResponse.BodyHandlers.ofString());
    assertThat(resize.statusCode()).isEqualTo(400);
    assertThat(resize.body()).contains("Resizing default-worker outside the allowed range: min_node_count = 1,"
        + " max_node_count = 2");
  }

  @Test
  void heatErrorsCarryTheirTextInErrorMessageAsHeatDoes() throws Exception {
    HttpResponse<String> r = send("GET", "/heat/v1/" + openstack.projectId() + "/stacks/no-such-id", token(), null);
    assertThat(r.statusCode()).isEqualTo(404);
    Map<String, Object> body = json(r.body());
    assertThat(body).containsEntry("title", "Not Found");
    assertThat(body.get("error")).isEqualTo(Map.of("type", "EntityNotFound",
        "message", "The Stack (no-such-id) could not be found."));
  }

  @Test
  void injectedFailuresAnswerOnceInTheServiceShape() throws Exception {
    openstack.failNext("GET", "/magnum/v1/clusters/k8s", 500, 1);
    String token = token();
    HttpResponse<String> r = send("GET", "/magnum/v1/clusters/k8s", token, null);
    assertThat(r.statusCode()).isEqualTo(500);
    assertThat(r.body()).contains("errors");
    assertThat(send("GET", "/magnum/v1/clusters/k8s", token, null).statusCode()).isEqualTo(200);
  }

  @Test
  void aCannedAnswerIsServedInsteadOfTheModelsAndTheModelDoesNothing() throws Exception {
    String token = token();
    String id = openstack.serverIds("k8s", "default-worker").get(0);
    openstack.answerNext("POST", "/compute/v2.1/servers/.*/action", 502, Map.of("Content-Type", "text/html"),
        "<html><body>502 Bad Gateway</body></html>", 1);
    HttpResponse<String> r = send("POST", "/compute/v2.1/servers/" + id + "/action", token, "{\"os-stop\":null}");
    assertThat(r.statusCode()).isEqualTo(502);
    assertThat(r.headers().firstValue("Content-Type")).contains("text/html");
    assertThat(r.body()).contains("Bad Gateway");
    clock.advance(Duration.ofMinutes(1));
    assertThat(openstack.server(id).orElseThrow().status()).isEqualTo("ACTIVE");
    assertThat(send("POST", "/compute/v2.1/servers/" + id + "/action", token, "{\"os-stop\":null}").statusCode())
        .isEqualTo(202);
  }

  @Test
  void aTruncatedAnswerCarriesTheModelsFirstCharactersOnce() throws Exception {
    String token = token();
    String whole = send("GET", "/magnum/v1/clusters/k8s", token, null).body();
    openstack.truncateNext("GET", "/magnum/v1/clusters/k8s", 40, 1);
    HttpResponse<String> cut = send("GET", "/magnum/v1/clusters/k8s", token, null);
    assertThat(cut.statusCode()).isEqualTo(200);
    assertThat(cut.body()).isEqualTo(whole.substring(0, 40));
    assertThat(send("GET", "/magnum/v1/clusters/k8s", token, null).body()).isEqualTo(whole);
  }

  @SuppressWarnings("unchecked")
  static Map<String, Object> token(HttpResponse<String> r) {
    return (Map<String, Object>) json(r.body()).get("token");
  }

  @Test
  void tokensWithoutCatalogLeaveOutTheKeyOrEmptyIt() throws Exception {
    openstack.tokensWithoutCatalog(false);
    HttpResponse<String> r = send("POST", "/identity/v3/auth/tokens", null, passwordBody());
    assertThat(r.statusCode()).isEqualTo(201);
    assertThat(token(r)).doesNotContainKey("catalog").containsKey("project");
    openstack.tokensWithoutCatalog(true);
    r = send("POST", "/identity/v3/auth/tokens", null, passwordBody());
    assertThat(token(r)).containsEntry("catalog", List.of());
    // The token itself is still valid.
    String token = r.headers().firstValue("X-Subject-Token").orElseThrow();
    assertThat(send("GET", "/magnum/v1/clusters/k8s", token, null).statusCode()).isEqualTo(200);
  }
}
