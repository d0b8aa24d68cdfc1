package io.healer.integration.openstack;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.healer.api.cloud.ClusterStatus;
import io.healer.api.cloud.RepairAction;
import io.healer.api.cloud.RepairRequest;
import io.healer.api.cloud.RepairResult;
import io.healer.api.cloud.RepairTarget;
import io.healer.provider.magnum.MagnumCloudProvider;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.function.Predicate;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * A restricted application credential whose access rules allow only what healer calls, made in the
 * real Keystone. Magnum and Heat check the rules in their keystonemiddleware ({@code service_type}
 * set), the Nova stand-in as keystonemiddleware does. The rules are those of
 * healer-provider-magnum's README, for endpoints without a path prefix.
 */
@ExtendWith(RealOpenStackExtension.class)
@DisplayName("Keystone: an application credential restricted by access rules")
class AccessRulesTest {

  /** What healer calls, as {service, method, path}: the README's table. */
  static final List<Map<String, String>> RULES = List.of(
      rule("container-infra", "GET", "/v1/clusters/*"),
      rule("container-infra", "GET", "/v1/clustertemplates/*"),
      rule("container-infra", "PATCH", "/v1/clusters/*"),
      rule("container-infra", "GET", "/v1/clusters/*/nodegroups"),
      rule("container-infra", "GET", "/v1/clusters/*/nodegroups/*"),
      rule("container-infra", "POST", "/v1/clusters/*/actions/resize"),
      rule("orchestration", "GET", "/v1/*/stacks/*"),
      rule("orchestration", "GET", "/v1/*/stacks/*/*"),
      rule("orchestration", "PATCH", "/v1/*/stacks/*/*"),
      rule("orchestration", "GET", "/v1/*/stacks/*/*/resources"),
      rule("orchestration", "PATCH", "/v1/*/stacks/*/*/resources/*"),
      rule("compute", "GET", "/v2.1/servers/*"),
      rule("compute", "POST", "/v2.1/servers/*/action"),
      rule("compute", "GET", "/v2.1/servers/*/os-volume_attachments"),
      rule("compute", "DELETE", "/v2.1/servers/*/os-volume_attachments/*"),
      rule("block-storage", "GET", "/v3/*/volumes/*"));

  private static Map<String, String> rule(String service, String method, String path) {
    return Map.of("service", service, "method", method, "path", path);
  }

  @Test
  @DisplayName("with healer's rules the provider reads the cluster and reboots a worker")
  void withHealersRules(RealOpenStack openstack) {
    MagnumCloudProvider provider = providerWith(openstack, RULES);
    assertThat(provider.clusterStatus().status()).isEqualTo(ClusterStatus.Status.READY);
    String server = openstack.serverIds("kube_minions").get(1);
    int before = openstack.nova().calls().size();
    RepairResult reboot = reboot(provider, openstack, server);
    assertThat(reboot.status()).as(reboot.reason()).isEqualTo(RepairResult.Status.STARTED);
    List<String> calls = openstack.nova().calls();
    assertThat(calls.subList(before, calls.size())).contains("POST /v2.1/servers/" + server + "/action reboot SOFT");
    awaitActive(openstack, server);
  }

  @Test
  @DisplayName("without the rule for Nova's server actions the reboot fails naming Nova's 401, and nothing reached Nova")
  void withoutTheActionRule(RealOpenStack openstack) {
    MagnumCloudProvider provider = providerWith(openstack, without(r -> r.get("path").endsWith("/action")));
    assertThat(provider.clusterStatus().status()).isEqualTo(ClusterStatus.Status.READY);
    String server = openstack.serverIds("kube_minions").get(1);
    int calls = openstack.nova().calls().size();
    RepairResult reboot = reboot(provider, openstack, server);
    assertThat(reboot.status()).isEqualTo(RepairResult.Status.FAILED);
    assertThat(reboot.reason()).contains("Nova POST /servers/" + server + "/action answered 401");
    assertThat(openstack.nova().calls().subList(calls, openstack.nova().calls().size()))
        .noneMatch(c -> c.contains("/action"));
  }

  @Test
  @DisplayName("without Heat's rules the status is UNKNOWN naming Heat's 401, and a repair touches nothing")
  void withoutHeatsRules(RealOpenStack openstack) {
    MagnumCloudProvider provider = providerWith(openstack, without(r -> r.get("service").equals("orchestration")));
    ClusterStatus status = provider.clusterStatus();
    assertThat(status.status()).isEqualTo(ClusterStatus.Status.UNKNOWN);
    assertThat(status.reason()).contains("Heat GET /stacks/", "answered 401");
    String server = openstack.serverIds("kube_minions").get(1);
    int calls = openstack.nova().calls().size();
    RepairResult reboot = reboot(provider, openstack, server);
    assertThat(reboot.status()).isEqualTo(RepairResult.Status.FAILED);
    assertThat(openstack.nova().calls()).hasSize(calls);
  }

  private static List<Map<String, String>> without(Predicate<Map<String, String>> dropped) {
    return RULES.stream().filter(dropped.negate()).toList();
  }

  /** A provider logging in with a new application credential of the healer user with {@code rules}. */
  private static MagnumCloudProvider providerWith(RealOpenStack openstack, List<Map<String, String>> rules) {
    openstack.awaitQuiet();
    JsonNode credential = Rest.send("POST", openstack.authUrl() + "/users/" + openstack.identity().userId()
        + "/application_credentials", openstack.healerToken(), Map.of("application_credential", Map.of(
            "name", "healer-restricted-" + UUID.randomUUID(), "access_rules", rules)))
        .expect(201).json().path("application_credential");
    assertThat(credential.path("access_rules")).hasSize(rules.size());
    Map<String, Object> block = openstack.base();
    block.put("application-credential-id", credential.path("id").asText());
    block.put("application-credential-secret", credential.path("secret").asText());
    return openstack.provider(RealOpenStack.CLUSTER, block);
  }

  private static RepairResult reboot(MagnumCloudProvider provider, RealOpenStack openstack, String server) {
    return provider.repair(new RepairRequest(List.of(new RepairTarget(
        openstack.worker("worker-rules", server, "default-worker"), RepairAction.REBOOT, "access rules test",
        1)), Instant.now())).get(0);
  }

  private static void awaitActive(RealOpenStack openstack, String server) {
    io.healer.integration.support.Wait.until("server " + server + " is ACTIVE again after its reboot",
        java.time.Duration.ofSeconds(10), () -> openstack.nova().status(server).equals("ACTIVE"));
  }
}
