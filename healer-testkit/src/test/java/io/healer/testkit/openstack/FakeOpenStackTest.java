package io.healer.testkit.openstack;

import static org.assertj.core.api.Assertions.assertThat;

import io.healer.testkit.ManualClock;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
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

  String token() throws Exception {
    String body = "{\"auth\":{\"identity\":{\"methods\":[\"password\"],\"password\":{\"user\":{\"name\":\"healer\","
        + "\"domain\":{\"name\":\"Default\"},\"password\":\"" + FakeOpenStack.PASSWORD + "\"}}},"
        + "\"scope\":{\"project\":{\"name\":\"demo\",\"domain\":{\"name\":\"Default\"}}}}}";
    HttpResponse<String> r = send("POST", "/identity/v3/auth/tokens", null, body);
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
  void resizeNeedsAMicroversionAnswers409WhileBusyAndReplacesLater() throws Exception {
    String token = token();
    String id = openstack.serverIds("k8s", "default-worker").get(1);
    String body = "{\"node_count\":2,\"nodes_to_remove\":[\"" + id + "\"],\"nodegroup\":\"default-worker\"}";
    assertThat(send("POST", "/magnum/v1/clusters/k8s/actions/resize", token, body).statusCode()).isEqualTo(406);
    HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(openstack.baseUrl() + "/magnum/v1/clusters/k8s/actions/resize"))
        .POST(HttpRequest.BodyPublishers.ofString(body)).header("X-Auth-Token", token)
        .header("OpenStack-API-Version", "container-infra latest");
    assertThat(http.send(b.build(), HttpResponse.BodyHandlers.ofString()).statusCode()).isEqualTo(202);
    assertThat(http.send(b.build(), HttpResponse.BodyHandlers.ofString()).statusCode()).isEqualTo(409);
    clock.advance(Duration.ofMinutes(5));
    assertThat(openstack.serverIds("k8s", "default-worker")).hasSize(2).doesNotContain(id);
    assertThat(openstack.clusterStatus("k8s")).isEqualTo("UPDATE_COMPLETE");
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
}
