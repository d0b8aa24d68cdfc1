package io.healer.provider.magnum;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.healer.api.cloud.CloudProviderFactory;
import io.healer.api.config.ConfigException;
import io.healer.api.config.Settings;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.ServiceLoader;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class MagnumConfigTest {

  static Settings block(Object... kv) {
    Map<String, Object> m = new LinkedHashMap<>();
    for (int i = 0; i < kv.length; i += 2) {
      m.put((String) kv[i], kv[i + 1]);
    }
    return Settings.of("openstack", m);
  }

  @Test
  void isFoundAsOpenstackByServiceLoader() {
    assertThat(ServiceLoader.load(CloudProviderFactory.class)).extracting(CloudProviderFactory::name)
        .contains("openstack");
  }

  @Test
  void acceptsTheGoKeys() {
    MagnumConfig c = MagnumConfig.from(block("auth-url", "https://keystone:5000/v3", "username", "u",
        "user-domain-name", "Default", "password", "hunter2-secret", "project-name", "p", "project-domain-name",
        "Default", "region", "RegionOne", "tls-insecure", "true"));
    assertThat(c.auth().tlsInsecure()).isTrue();
    assertThat(c.auth().toString()).doesNotContain("hunter2-secret").contains("password=<redacted>");
  }

  @Test
  void reportsEveryProblemAtOnceWithoutSecrets() {
    assertThatThrownBy(() -> MagnumConfig.from(block("username", "u", "password", "hunter2-secret",
        "project-name", "p", "request-timeout", "300")))
        .isInstanceOf(ConfigException.class)
        .satisfies(e -> assertThat(((ConfigException) e).problems()).hasSizeGreaterThanOrEqualTo(4))
        .hasMessageContaining("openstack.auth-url")
        .hasMessageContaining("openstack.user-domain-name")
        .hasMessageContaining("openstack.project-domain-name")
        .hasMessageContaining("openstack.request-timeout")
        .message().doesNotContain("hunter2-secret");
  }

  @Test
  void clusterCacheTtlDefaultsToTenSecondsAndIsBounded() {
    Object[] auth = {"auth-url", "http://k:5000/v3", "user-id", "u", "password", "p", "project-id", "p1"};
    assertThat(MagnumConfig.from(block(auth)).clusterCacheTtl()).isEqualTo(java.time.Duration.ofSeconds(10));
    Object[] zero = java.util.Arrays.copyOf(auth, auth.length + 2);
    zero[auth.length] = "cluster-cache-ttl";
    zero[auth.length + 1] = "0s";
    assertThat(MagnumConfig.from(block(zero)).clusterCacheTtl()).isZero();
    zero[auth.length + 1] = "5m";
    assertThatThrownBy(() -> MagnumConfig.from(block(zero)))
        .hasMessageContaining("openstack.cluster-cache-ttl").hasMessageContaining("60s");
  }

  @Test
  void rejectsUnknownKeysNamingTheNearest() {
    assertThatThrownBy(() -> MagnumConfig.from(block("auth-ur", "x")))
        .hasMessageContaining("did you mean 'auth-url'");
  }

  @Test
  void applicationCredentialNeedsItsSecretWhichIsNeverShown() {
    assertThatThrownBy(() -> MagnumConfig.from(block("auth-url", "http://k/v3", "application-credential-id", "id")))
        .hasMessageContaining("application-credential-secret");
    MagnumConfig c = MagnumConfig.from(block("auth-url", "http://k/v3", "application-credential-id", "id",
        "application-credential-secret", "top-secret-value"));
    assertThat(c.auth().toString()).doesNotContain("top-secret-value");
  }

  @Test
  void readsCloudsYamlAndTheBlockWins(@TempDir Path dir) throws Exception {
    Path clouds = dir.resolve("clouds.yaml");
    Files.writeString(clouds, """
        clouds:
          prod:
            region_name: RegionTwo
            auth:
              auth_url: https://keystone.prod:5000/v3
              application_credential_id: from-file
              application_credential_secret: file-secret
        """);
    MagnumConfig c = MagnumConfig.from(block("use-clouds", true, "clouds-file", clouds.toString(), "cloud", "prod",
        "region", "RegionOne"));
    assertThat(c.auth().authUrl()).isEqualTo("https://keystone.prod:5000/v3");
    assertThat(c.auth().applicationCredentialId()).isEqualTo("from-file");
    assertThat(c.auth().region()).isEqualTo("RegionOne");
  }

  private static MagnumConfig fromClouds(Path dir, String cloud) throws Exception {
    Path clouds = dir.resolve("clouds.yaml");
    Files.writeString(clouds, "clouds:\n  c:\n" + cloud.indent(4));
    return MagnumConfig.from(block("use-clouds", true, "clouds-file", clouds.toString(), "cloud", "c"));
  }

  @Test
  void openstackClientsDefaultDomainServesTheUserAndTheProject(@TempDir Path dir) throws Exception {
    MagnumConfig c = fromClouds(dir, """
        default_domain: d0ma1n
        auth:
          auth_url: https://keystone:5000/v3
          username: healer
          password: pw-never-shown
          project_name: healer-project
        """);
    assertThat(c.auth().userDomain()).contains(Map.of("id", "d0ma1n"));
    assertThat(c.auth().projectDomain()).contains(Map.of("id", "d0ma1n"));
    // A default domain never makes a domain scope: the project is the scope.
    assertThat(c.auth().domainId()).isEmpty();
  }

  @Test
  void keystoneauthsDefaultDomainNameFillsOnlyWhatIsNotGiven(@TempDir Path dir) throws Exception {
    MagnumConfig c = fromClouds(dir, """
        auth:
          auth_url: https://keystone:5000/v3
          username: healer
          password: pw-never-shown
          user_domain_id: own-domain
          project_name: healer-project
          default_domain_name: healer-domain
        """);
    assertThat(c.auth().userDomain()).contains(Map.of("id", "own-domain"));
    assertThat(c.auth().projectDomain()).contains(Map.of("name", "healer-domain"));
  }

  @Test
  void withoutAnyDomainANameIsStillRefused(@TempDir Path dir) {
    assertThatThrownBy(() -> fromClouds(dir, """
        auth:
          auth_url: https://keystone:5000/v3
          username: healer
          password: pw-never-shown
          project_name: healer-project
        """)).hasMessageContaining("openstack.user-domain-name").hasMessageContaining("openstack.project-domain-name");
  }

  @Test
  void endpointTypeIsACatalogInterface() {
    Object[] auth = {"auth-url", "http://k:5000/v3", "user-id", "u", "password", "p", "project-id", "p1",
        "os-endpoint-type", "internalURL"};
    assertThat(MagnumConfig.from(block(auth)).auth().endpointType()).isEqualTo("internalURL");
    auth[auth.length - 1] = "private";
    assertThatThrownBy(() -> MagnumConfig.from(block(auth)))
        .hasMessageContaining("openstack.os-endpoint-type").hasMessageContaining("private")
        .hasMessageContaining("public, internal or admin");
  }
}
