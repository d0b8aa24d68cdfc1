package io.healer.daemon;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.InetSocketAddress;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class OpsServerTest {

  private final AtomicBoolean ready = new AtomicBoolean();
  private final OpsServer server = OpsServer.start(new InetSocketAddress("127.0.0.1", 0),
      () -> "healer_leader 1.0\n", ready::get);

  @AfterEach
  void stop() {
    server.close();
  }

  @Test
  void healthzAnswers200WhileTheProcessServes() {
    var response = Http.get(server.port(), "/healthz");

    assertThat(response.statusCode()).isEqualTo(200);
    assertThat(response.body()).isEqualTo("ok\n");
  }

  @Test
  void readyzAnswers503UntilReadyThen200() {
    assertThat(Http.get(server.port(), "/readyz").statusCode()).isEqualTo(503);

    ready.set(true);

    assertThat(Http.get(server.port(), "/readyz").statusCode()).isEqualTo(200);
  }

  @Test
  void metricsServesThePrometheusTextFormat() {
    var response = Http.get(server.port(), "/metrics");

    assertThat(response.statusCode()).isEqualTo(200);
    assertThat(response.headers().firstValue("Content-Type")).hasValue(OpsServer.METRICS_TYPE);
    assertThat(response.body()).isEqualTo("healer_leader 1.0\n");
  }

  @Test
  void otherPathsAre404AndOtherMethods405() {
    assertThat(Http.get(server.port(), "/healthz/extra").statusCode()).isEqualTo(404);
    assertThat(Http.send(server.port(), "/metrics", "POST").statusCode()).isEqualTo(405);
  }
}
