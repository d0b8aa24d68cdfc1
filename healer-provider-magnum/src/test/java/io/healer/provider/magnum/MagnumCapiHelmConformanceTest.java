package io.healer.provider.magnum;

import java.util.Map;

/**
 * The same rules on a cluster of magnum-capi-helm, whose template names its driver: no Heat stack,
 * and reboot the only repair it supports, so the rule "an action outside supportedActions is
 * NOT_SUPPORTED without touching the cloud" runs on a replace.
 */
class MagnumCapiHelmConformanceTest extends MagnumCloudProviderConformanceTest {

  @Override
  void createCluster(io.healer.testkit.openstack.FakeOpenStack fake) {
    fake.createClusterApiCluster(CLUSTER_NAME, "k8s_capi_helm_v1", true, 1, Map.of("default-worker", 2));
  }
}
