package io.healer.integration.openstack;

import static org.assertj.core.api.Assertions.assertThat;

import io.healer.api.cloud.ClusterStatus;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/** The provider logs in to the real Keystone 22 every way the Go healer's config allows. */
@ExtendWith(RealOpenStackExtension.class)
@DisplayName("Keystone: the provider logs in to the real Keystone")
class KeystoneAuthTest {

  @Test
  @DisplayName("with user and project ids and a password")
  void passwordWithIds(RealOpenStack openstack) {
    assertThat(status(openstack, openstack.passwordByIds()).status()).isEqualTo(ClusterStatus.Status.READY);
  }

  @Test
  @DisplayName("with user and project names, each with its domain (not Default)")
  void passwordWithNamesAndDomains(RealOpenStack openstack) {
    Map<String, Object> block = openstack.base();
    block.put("username", Identity.USER);
    block.put("user-domain-name", Identity.DOMAIN);
    block.put("password", openstack.identity().password());
    block.put("project-name", Identity.PROJECT);
    block.put("project-domain-id", openstack.identity().domainId());
    assertThat(status(openstack, block).status()).isEqualTo(ClusterStatus.Status.READY);
  }

  @Test
  @DisplayName("with names whose domain is only the shared domain-name key")
  void passwordWithSharedDomain(RealOpenStack openstack) {
    Map<String, Object> block = openstack.base();
    block.put("username", Identity.USER);
    block.put("password", openstack.identity().password());
    block.put("project-name", Identity.PROJECT);
    block.put("domain-name", Identity.DOMAIN);
    assertThat(status(openstack, block).status()).isEqualTo(ClusterStatus.Status.READY);
  }

  @Test
  @DisplayName("with an application credential by id, requested unscoped")
  void applicationCredentialById(RealOpenStack openstack) {
    Map<String, Object> block = openstack.base();
    block.put("application-credential-id", openstack.identity().applicationCredentialId());
    block.put("application-credential-secret", openstack.identity().applicationCredentialSecret());
    assertThat(status(openstack, block).status()).isEqualTo(ClusterStatus.Status.READY);
  }

  @Test
  @DisplayName("with an application credential by name and its user")
  void applicationCredentialByName(RealOpenStack openstack) {
    Map<String, Object> block = openstack.base();
    block.put("application-credential-name", "healer-credential");
    block.put("user-id", openstack.identity().userId());
    block.put("application-credential-secret", openstack.identity().applicationCredentialSecret());
    assertThat(status(openstack, block).status()).isEqualTo(ClusterStatus.Status.READY);
  }

  @Test
  @DisplayName("as Magnum's cluster trustee, scoped to the cluster's trust")
  void trust(RealOpenStack openstack) {
    Map<String, Object> block = openstack.base();
    block.put("user-id", openstack.identity().trusteeUserId());
    block.put("password", openstack.identity().trusteePassword());
    block.put("trust-id", openstack.identity().trustId());
    assertThat(status(openstack, block).status()).isEqualTo(ClusterStatus.Status.READY);
  }

  @Test
  @DisplayName("a wrong password is an UNKNOWN status naming Keystone's 401, never the password")
  void wrongPassword(RealOpenStack openstack) {
    Map<String, Object> block = openstack.passwordByIds();
    block.put("password", "wrong-" + openstack.identity().password());
    ClusterStatus status = status(openstack, block);
    assertThat(status.status()).isEqualTo(ClusterStatus.Status.UNKNOWN);
    assertThat(status.reason()).contains("401").contains("Keystone")
        .doesNotContain(openstack.identity().password());
  }

  @Test
  @DisplayName("with a clouds.yaml that gives only openstacksdk's default_domain (the openstack CLI's)")
  void cloudsYamlWithDefaultDomain(RealOpenStack openstack) {
    Map<String, Object> block = clouds(openstack, "default_domain: " + openstack.identity().domainId() + "\n"
        + "auth:\n"
        + "  auth_url: " + openstack.authUrl() + "\n"
        + "  username: " + Identity.USER + "\n"
        + "  password: " + openstack.identity().password() + "\n"
        + "  project_name: " + Identity.PROJECT + "\n");
    assertThat(status(openstack, block).status()).isEqualTo(ClusterStatus.Status.READY);
  }

  @Test
  @DisplayName("with a clouds.yaml that gives keystoneauth's default_domain_name in auth")
  void cloudsYamlWithDefaultDomainName(RealOpenStack openstack) {
    Map<String, Object> block = clouds(openstack, "auth:\n"
        + "  auth_url: " + openstack.authUrl() + "\n"
        + "  username: " + Identity.USER + "\n"
        + "  password: " + openstack.identity().password() + "\n"
        + "  project_name: " + Identity.PROJECT + "\n"
        + "  default_domain_name: " + Identity.DOMAIN + "\n");
    assertThat(status(openstack, block).status()).isEqualTo(ClusterStatus.Status.READY);
  }

  /**
   * An {@code openstack} block reading cloud {@code healer} from a new clouds.yaml in the run's
   * folder, region RegionOne; {@code cloud} is that cloud's YAML.
   */
  static Map<String, Object> clouds(RealOpenStack openstack, String cloud) {
    try {
      Path file = Files.createTempFile(openstack.dir(), "clouds-", ".yaml");
      Files.writeString(file, "clouds:\n  healer:\n    region_name: " + Identity.REGION + "\n" + cloud.indent(4));
      Map<String, Object> block = new LinkedHashMap<>();
      block.put("use-clouds", true);
      block.put("clouds-file", file.toString());
      block.put("cloud", "healer");
      return block;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private static ClusterStatus status(RealOpenStack openstack, Map<String, Object> block) {
    // Another class's update may still run: these tests judge the login, not the cluster's state.
    openstack.awaitQuiet();
    return openstack.provider(RealOpenStack.CLUSTER, block).clusterStatus();
  }
}
