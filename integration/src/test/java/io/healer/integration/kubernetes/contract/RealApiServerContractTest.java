package io.healer.integration.kubernetes.contract;

import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import io.healer.integration.kubernetes.KubeRest;
import io.healer.integration.kubernetes.KubeletHarness;
import io.healer.integration.kubernetes.RealKubernetes;
import io.healer.integration.kubernetes.RealKubernetesExtension;
import io.healer.integration.support.Wait;
import io.kubernetes.client.openapi.ApiClient;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.extension.ExtendWith;

/** The contract against a real kube-apiserver, with the real node-lifecycle and disruption controllers. */
@ExtendWith(RealKubernetesExtension.class)
class RealApiServerContractTest extends ApiContract {

  private static final Duration SETTLE = Duration.ofSeconds(60);

  private final RealKubernetes cluster;
  private final KubeletHarness kubelets;

  RealApiServerContractTest(RealKubernetes cluster) {
    this.cluster = cluster;
    this.kubelets = new KubeletHarness(cluster);
  }

  @Override
  void stop() {
    kubelets.close();
  }

  @Override
  KubeRest rest() {
    return cluster.rest();
  }

  @Override
  ApiClient client() {
    return cluster.admin();
  }

  /**
   * Registers the node as a kubelet would and waits until the node-lifecycle controller is done with
   * it: Ready, and the not-ready taint that admission put on the new node lifted.
   */
  @Override
  JsonObject quietNode(String name) {
    cleanUp("/apis/coordination.k8s.io/v1/namespaces/kube-node-lease/leases/" + name);
    cleanUp(NODES + "/" + name);
    kubelets.register(name, "openstack:///" + name, Map.of());
    return Wait.value(name + " is Ready and untainted", SETTLE, () -> {
      JsonObject node = rest().get(NODES + "/" + name).orThrow();
      JsonElement taints = node.getAsJsonObject("spec").get("taints");
      boolean untainted = taints == null || taints.getAsJsonArray().isEmpty();
      return untainted && kubelets.condition(name, "Ready").equals("True") ? Optional.of(node) : Optional.empty();
    });
  }

  @Override
  void compact() {
    cluster.compactEtcd();
    cluster.restartApiServer();
  }

  @Override
  void awaitBudgetStatus(String namespace, String name, int disruptionsAllowed) {
    String path = "/apis/policy/v1/namespaces/" + namespace + "/poddisruptionbudgets/" + name;
    Wait.until("the disruption controller computes " + name + "'s status", SETTLE, () -> {
      JsonObject budget = rest().get(path).orThrow();
      JsonObject status = budget.getAsJsonObject("status");
      return status != null && status.has("observedGeneration")
          && status.get("observedGeneration").getAsLong() == budget.getAsJsonObject("metadata").get("generation").getAsLong()
          && status.has("disruptionsAllowed") && status.get("disruptionsAllowed").getAsInt() == disruptionsAllowed;
    });
  }

  /** The ServiceAccount admission refuses pods until the controller has made the default ServiceAccount. */
  @Override
  void createPod(JsonObject pod) {
    Wait.until("the pod is created", SETTLE, () -> rest().post(PODS, pod).ok());
  }
}
