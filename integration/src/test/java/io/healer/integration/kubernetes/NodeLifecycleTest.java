package io.healer.integration.kubernetes;

import static org.assertj.core.api.Assertions.assertThat;

import io.healer.integration.support.Wait;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * The ground the other suites stand on: with the harness playing kubelets, the real node-lifecycle
 * controller is what turns a silent node Unknown and taints it, while a node whose heart beats
 * stays Ready.
 */
@ExtendWith(RealKubernetesExtension.class)
class NodeLifecycleTest {

  private final RealKubernetes cluster;
  private KubeletHarness kubelets;

  NodeLifecycleTest(RealKubernetes cluster) {
    this.cluster = cluster;
  }

  @BeforeEach
  void nodes() {
    kubelets = new KubeletHarness(cluster);
    kubelets.removeAll();
    kubelets.register("lifecycle-silent", "openstack:///00000000-0000-0000-0000-00000000000a", Map.of());
    kubelets.register("lifecycle-alive", "openstack:///00000000-0000-0000-0000-00000000000b", Map.of());
  }

  @AfterEach
  void removeNodes() {
    kubelets.removeAll();
    kubelets.close();
  }

  @Test
  void theRealControllerMarksASilentNodeUnknownAndTaintsItWhileABeatingOneStaysReady() {
    kubelets.stopHeartbeat("lifecycle-silent");

    Wait.until("the node-lifecycle controller marks lifecycle-silent Ready=Unknown",
        RealKubernetes.NODE_MONITOR_GRACE.multipliedBy(8), () -> kubelets.condition("lifecycle-silent", "Ready").equals("Unknown"));
    Wait.until("it taints lifecycle-silent unreachable", Duration.ofSeconds(20),
        () -> kubelets.tainted("lifecycle-silent", "node.kubernetes.io/unreachable"));

    assertThat(kubelets.condition("lifecycle-alive", "Ready")).as("the node whose Lease is renewed").isEqualTo("True");
    assertThat(kubelets.tainted("lifecycle-alive", "node.kubernetes.io/unreachable")).isFalse();

    kubelets.resumeHeartbeat("lifecycle-silent");
    Wait.until("the controller lifts the unreachable taint once the kubelet posts Ready again", Duration.ofSeconds(30),
        () -> !kubelets.tainted("lifecycle-silent", "node.kubernetes.io/unreachable"));
    assertThat(kubelets.condition("lifecycle-silent", "Ready")).isEqualTo("True");
  }
}
