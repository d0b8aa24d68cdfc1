package io.healer.kubernetes;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import org.junit.jupiter.api.Test;

class ConfigMapPauseSwitchTest extends OnFakeApiServer {

  static final String CONTROL = "/api/v1/namespaces/kube-system/configmaps";

  final ConfigMapPauseSwitch paused = new ConfigMapPauseSwitch(newCache());

  void connect() throws InterruptedException {
    cache.start();
    assertThat(cache.awaitSynced(Duration.ofSeconds(10))).isTrue();
  }

  @Test
  void countsAsPausedUntilTheCacheCanTell() throws Exception {
    assertThat(paused.getAsBoolean()).isTrue();
    connect();
    assertThat(paused.getAsBoolean()).as("no ConfigMap: not paused").isFalse();
  }

  @Test
  void followsTheAnnotationAsOperatorsToggleIt() throws Exception {
    server.create(CONTROL, Objects.configMap("healer-control"));
    connect();
    assertThat(paused.getAsBoolean()).isFalse();

    server.update(CONTROL + "/healer-control", c -> Objects.annotated(c, "healer.io/paused", "true"));
    Await.until("paused", paused::getAsBoolean);

    server.update(CONTROL + "/healer-control", c -> Objects.annotated(c, "healer.io/paused", "false"));
    Await.until("resumed", () -> !paused.getAsBoolean());
  }

  @Test
  void followsTheDataKeyAndIgnoresOtherConfigMaps() throws Exception {
    server.create(CONTROL, Objects.annotated(Objects.configMap("unrelated"), "healer.io/paused", "true"));
    connect();
    assertThat(paused.getAsBoolean()).isFalse();

    var cm = Objects.configMap("healer-control");
    cm.getAsJsonObject("data").addProperty("paused", "true");
    server.create(CONTROL, cm);
    Await.until("paused by the data key", paused::getAsBoolean);
    server.delete(CONTROL + "/healer-control");
    Await.until("deleting it resumes", () -> !paused.getAsBoolean());
  }
}
