package io.healer.integration.openstack;

import io.healer.api.NodeInfo;
import io.healer.integration.support.Wait;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import io.healer.provider.magnum.MagnumCloudProvider;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.extension.ExtendWith;

/** The contract against the real Keystone 22, Heat 19 and Magnum 15. */
@ExtendWith(RealOpenStackExtension.class)
@DisplayName("Contract: the real services")
class RealOpenStackContractTest extends OpenStackContract {

  private final RealOpenStack openstack;

  RealOpenStackContractTest(RealOpenStack openstack) {
    this.openstack = openstack;
  }

  @Override
  Cloud cloud() {
    return new Cloud() {
      @Override
      public MagnumCloudProvider provider(String cluster) {
        openstack.awaitQuiet();
        return openstack.provider(cluster, openstack.passwordByIds());
      }

      @Override
      public NodeInfo workerOfGroupOutsideItsBounds() {
        return openstack.worker("worker-b", openstack.serverIds("kube_minions").get(0), RealOpenStack.BOUNDED_GROUP);
      }

      @Override
      public String serverStatus(String serverId) {
        return openstack.nova().status(serverId);
      }

      @Override
      public List<String> workers() {
        return openstack.serverIds("kube_minions");
      }

      @Override
      public int resize(List<String> servers) {
        return openstack.magnum("POST", "/clusters/" + RealOpenStack.CLUSTER + "/actions/resize", Map.of(
            "node_count", 2, "nodes_to_remove", servers, "nodegroup", "default-worker")).status();
      }

      @Override
      public void awaitUpdating() {
        Wait.until("Magnum's conductor took the resize (cluster UPDATE_IN_PROGRESS)", Duration.ofSeconds(60),
            () -> openstack.cluster().path("status").asText().equals("UPDATE_IN_PROGRESS"));
      }

      @Override
      public void awaitRemoved(List<String> removed) {
        Wait.until("cluster UPDATE_COMPLETE without " + removed, Duration.ofMinutes(4), () -> {
          String status = openstack.cluster().path("status").asText();
          if (status.endsWith("_FAILED")) {
            throw new AssertionError("cluster is " + status);
          }
          // Magnum's status may still be the first update's while Heat runs the second: the
          // stack must be done too (only the second resize removes the second server).
          List<String> now = openstack.serverIds("kube_minions");
          return status.equals("UPDATE_COMPLETE") && removed.stream().noneMatch(now::contains)
              && openstack.stack().path("stack_status").asText().equals("UPDATE_COMPLETE");
        });
      }

      @Override
      public void serverHost(String serverId, String host) {
        openstack.nova().host(serverId, host);
      }

      @Override
      public String projectId() {
        return openstack.identity().projectId();
      }

      @Override
      public Rest.Reply showServer(String serverId, String microversion) {
        return Rest.send("GET", openstack.nova().url() + "/servers/" + serverId, openstack.healerToken(), null,
            "OpenStack-API-Version", microversion);
      }

      @Override
      public int magnumStatusAt(String microversion) {
        return Rest.send("GET", openstack.magnumUrl() + "/clusters/" + RealOpenStack.CLUSTER, openstack.healerToken(),
            null, "OpenStack-API-Version", microversion).status();
      }
    };
  }
}
