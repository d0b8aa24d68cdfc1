package io.healer.integration.openstack;

import io.healer.api.NodeInfo;
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
      public String cluster() {
        return RealOpenStack.CLUSTER;
      }

      @Override
      public String lostStackCluster() {
        return RealOpenStack.LOST_STACK_CLUSTER;
      }

      @Override
      public String twinName() {
        return RealOpenStack.TWIN_CLUSTER;
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
      public int magnumStatusAt(String microversion) {
        return Rest.send("GET", openstack.magnumUrl() + "/clusters/" + RealOpenStack.CLUSTER, openstack.healerToken(),
            null, "OpenStack-API-Version", microversion).status();
      }
    };
  }
}
