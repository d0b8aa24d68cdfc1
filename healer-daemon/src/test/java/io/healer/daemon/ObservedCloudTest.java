package io.healer.daemon;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.healer.api.NodeInfo;
import io.healer.api.cloud.CloudProvider;
import io.healer.api.cloud.PowerState;
import io.healer.api.cloud.RepairRequest;
import io.healer.api.cloud.RepairResult;
import io.healer.api.cloud.ServerState;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.lang.reflect.Method;
import java.lang.reflect.Modifier;
import java.time.Instant;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The daemon's wrapper of the provider answers with the provider's answers: a default method it
 * did not pass on answered "unknown" for a provider that knows (the second opinion and fencing
 * never reached Nova from the daemon; found by SecondOpinionOnRealServersTest).
 */
class ObservedCloudTest {

  private static final NodeInfo NODE = NodeInfo.builder("worker-1").creationTime(Instant.EPOCH).build();

  /** A provider that knows its servers: running on an up host, powered off on request. */
  private static class KnowingCloud implements CloudProvider {
    @Override
    public List<RepairResult> repair(RepairRequest request) {
      return List.of();
    }

    @Override
    public ServerState serverState(NodeInfo node) {
      return ServerState.reported("ACTIVE", "host-a", "UP", "nova");
    }

    @Override
    public PowerState powerState(NodeInfo node) {
      return PowerState.off("SHUTOFF");
    }

    @Override
    public RepairResult powerOff(NodeInfo node) {
      return RepairResult.started(node.name(), "os-stop accepted");
    }
  }

  @Test
  void theSecondOpinionAndFencingReachTheProvider() {
    ObservedCloud cloud = new ObservedCloud(new KnowingCloud());

    ServerState state = cloud.serverState(NODE);
    assertThat(state.status()).isEqualTo(ServerState.Status.ACTIVE);
    assertThat(state.hostId()).hasValue("host-a");
    assertThat(state.hostUp()).isTrue();
    assertThat(cloud.powerState(NODE).status()).isEqualTo(PowerState.Status.OFF);
    assertThat(cloud.powerOff(NODE).reason()).isEqualTo("os-stop accepted");
  }

  @Test
  void countsEachCallByOutcome() {
    SimpleMeterRegistry registry = new SimpleMeterRegistry();
    ObservedCloud cloud = new ObservedCloud(new KnowingCloud() {
      @Override
      public ServerState serverState(NodeInfo node) {
        throw new IllegalStateException("Nova answered 503");
      }
    }, registry);

    cloud.powerState(NODE);
    cloud.powerOff(NODE);
    assertThatThrownBy(() -> cloud.serverState(NODE)).hasMessage("Nova answered 503");

    assertThat(calls(registry, "power_state", "ok")).isEqualTo(1);
    assertThat(calls(registry, "power_off", "ok")).isEqualTo(1);
    assertThat(calls(registry, "server_state", "error")).isEqualTo(1);
    assertThat(calls(registry, "server_state", "ok")).isZero();
  }

  private static double calls(SimpleMeterRegistry registry, String call, String outcome) {
    return registry.get("healer.cloud.calls").tag("call", call).tag("outcome", outcome).counter().count();
  }

  @Test
  void everyMethodOfTheProviderInterfaceIsPassedOn() {
    List<String> notForwarded = Arrays.stream(CloudProvider.class.getMethods())
        .filter(m -> !Modifier.isStatic(m.getModifiers()))
        .filter(m -> declared(m) == null)
        .map(Method::getName).toList();
    assertThat(notForwarded).as("methods of CloudProvider that ObservedCloud leaves to the interface's default")
        .isEmpty();
  }

  private static Method declared(Method m) {
    try {
      return ObservedCloud.class.getDeclaredMethod(m.getName(), m.getParameterTypes());
    } catch (NoSuchMethodException e) {
      return null;
    }
  }
}
