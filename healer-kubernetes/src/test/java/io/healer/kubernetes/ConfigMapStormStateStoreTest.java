package io.healer.kubernetes;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.healer.core.engine.StormState;
import java.time.Instant;
import org.junit.jupiter.api.Test;

class ConfigMapStormStateStoreTest extends OnFakeApiServer {

  static final String CONTROL = "/api/v1/namespaces/kube-system/configmaps";
  static final String HEALER_CONTROL = CONTROL + "/healer-control";
  static final Instant T = Instant.parse("2026-11-25T10:00:00Z");

  final ConfigMapStormStateStore store = new ConfigMapStormStateStore(server.client(), "kube-system", "healer-control");

  String annotation(String key) {
    var annotations = server.get(HEALER_CONTROL).getAsJsonObject("metadata").getAsJsonObject("annotations");
    return annotations == null || !annotations.has(key) ? null : annotations.get(key).getAsString();
  }

  @Test
  void nothingStoredWhenTheConfigMapIsMissingAndCalmWhenItHasNoState() {
    assertThat(store.load()).isEmpty();
    server.create(CONTROL, Objects.annotated(Objects.configMap("healer-control"), "healer.io/paused", "false"));
    assertThat(store.load()).contains(StormState.calm());
  }

  @Test
  void aStormAndItsCoolDownAreReadBackAsWrittenWithoutTouchingThePauseSwitch() {
    server.create(CONTROL, Objects.annotated(Objects.configMap("healer-control"), "healer.io/paused", "true"));

    store.save(StormState.storming(T));
    assertThat(annotation("healer.io/storm-since")).isEqualTo("2026-11-25T10:00:00Z");
    assertThat(store.load()).contains(StormState.storming(T));

    store.save(StormState.coolingDown(T.plusSeconds(600)));
    assertThat(annotation("healer.io/storm-since")).isNull();
    assertThat(annotation("healer.io/storm-ended-at")).isEqualTo("2026-11-25T10:10:00Z");
    assertThat(store.load()).contains(StormState.coolingDown(T.plusSeconds(600)));

    store.save(StormState.calm());
    assertThat(annotation("healer.io/storm-ended-at")).isNull();
    assertThat(store.load()).contains(StormState.calm());
    assertThat(annotation("healer.io/paused")).as("the operator's pause annotation").isEqualTo("true");
  }

  @Test
  void createsTheConfigMapForAStormButNotForCalm() {
    store.save(StormState.calm());
    assertThat(server.get(HEALER_CONTROL)).as("nothing to clear, nothing created").isNull();

    store.save(StormState.storming(T));
    assertThat(server.get(HEALER_CONTROL)).isNotNull();
    assertThat(store.load()).contains(StormState.storming(T));
  }

  @Test
  void anUnreadableStateIsAnErrorNamingTheKeyAndTheValue() {
    server.create(CONTROL, Objects.annotated(Objects.configMap("healer-control"), "healer.io/storm-ended-at", "yesterday"));

    assertThatThrownBy(store::load)
        .hasMessageContaining("healer.io/storm-ended-at")
        .hasMessageContaining("'yesterday'")
        .hasMessageContaining("RFC 3339");
  }

  @Test
  void anUnavailableApiServerIsAnErrorNotAnEmptyState() {
    server.unavailable(true);

    assertThatThrownBy(store::load).hasMessageContaining("kube-system/healer-control").hasMessageContaining("503");
    assertThatThrownBy(() -> store.save(StormState.storming(T))).hasMessageContaining("503");
  }
}
