package io.healer.integration.kubernetes.contract;

import com.google.gson.JsonObject;
import io.healer.integration.kubernetes.KubeRest;
import io.healer.kubernetes.FakeApiServer;
import io.kubernetes.client.openapi.ApiClient;
import java.time.Clock;

/** The contract against healer-core's {@link FakeApiServer}: what its component tests stand on. */
class FakeApiServerContractTest extends ApiContract {

  private final FakeApiServer server = FakeApiServer.start(Clock.systemUTC());

  @Override
  void stop() {
    server.close();
  }

  @Override
  KubeRest rest() {
    return KubeRest.of(server.client());
  }

  @Override
  ApiClient client() {
    return server.client();
  }

  @Override
  JsonObject quietNode(String name) {
    JsonObject node = withName(name);
    node.add("spec", json("{\"providerID\":\"openstack:///" + name + "\"}"));
    cleanUp(NODES + "/" + name);
    return server.create(NODES, node);
  }

  @Override
  void compact() {
    server.compact();
  }

  @Override
  void awaitBudgetStatus(String namespace, String name, int disruptionsAllowed) {
    // The fake has no disruption controller: the test plays it.
    server.update("/apis/policy/v1/namespaces/" + namespace + "/poddisruptionbudgets/" + name, b -> {
      b.add("status", json("{\"disruptionsAllowed\":" + disruptionsAllowed + "}"));
      return b;
    });
  }
}
