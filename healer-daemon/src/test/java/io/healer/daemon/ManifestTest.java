package io.healer.daemon;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.Yaml;
import org.yaml.snakeyaml.constructor.SafeConstructor;

/** deploy/healer.yaml, parsed: least privilege, probes, hardening, no inline credentials. */
class ManifestTest {

  private static final Path MANIFEST = Path.of("deploy/healer.yaml");

  private final List<Map<String, Object>> docs = load();

  /** The README's RBAC, rule for rule (the manifest is rendered from charts/healer). */
  @Test
  void grantsExactlyTheRulesHealingNeedsAndNeverClusterAdmin() {
    assertThat(rules("ClusterRole", "healer")).containsExactlyInAnyOrder(
        " nodes get,list,patch,watch",
        " nodes delete",
        " pods list",
        " pods/eviction create");
    assertThat(rules("Role", "healer")).containsExactlyInAnyOrder(
        "coordination.k8s.io leases create",
        "coordination.k8s.io leases/magnum-auto-healer get,update",
        " configmaps get,list,watch",
        " configmaps/healer-control patch");
    assertThat(rules("Role", "healer-node-leases")).containsExactly("coordination.k8s.io leases list,watch");
    assertThat(doc("Role", "healer-node-leases")).extracting(d -> map(d, "metadata").get("namespace"))
        .isEqualTo("kube-node-lease");
    assertThat(rules("Role", "healer-events")).containsExactly(" events create,patch");
    assertThat(doc("Role", "healer-events")).extracting(d -> map(d, "metadata").get("namespace"))
        .isEqualTo("default");
    for (Map<String, Object> d : docs) {
      if (d.get("kind").toString().endsWith("Binding")) {
        assertThat(map(d, "roleRef").get("name")).isNotEqualTo("cluster-admin");
      }
    }
  }

  @Test
  void hasNoWildcardVerbsResourcesOrGroups() {
    for (Map<String, Object> d : docs) {
      if (d.get("kind").equals("ClusterRole") || d.get("kind").equals("Role")) {
        for (Map<String, Object> rule : list(d, "rules")) {
          assertThat(strings(rule, "verbs")).doesNotContain("*");
          assertThat(strings(rule, "resources")).doesNotContain("*");
          assertThat(strings(rule, "apiGroups")).doesNotContain("*");
        }
      }
    }
  }

  @Test
  void runsTwoReplicasWithProbesRequestsAndAHardenedContainer() {
    Map<String, Object> deployment = doc("Deployment", "healer");
    Map<String, Object> spec = map(deployment, "spec");
    assertThat(spec.get("replicas")).isEqualTo(2);
    Map<String, Object> pod = map(map(spec, "template"), "spec");
    assertThat(pod.get("serviceAccountName")).isEqualTo("healer");
    assertThat(map(pod, "securityContext")).containsEntry("runAsNonRoot", true);
    Map<String, Object> container = list(pod, "containers").get(0);
    assertThat(map(map(container, "livenessProbe"), "httpGet")).containsEntry("path", "/healthz");
    // A slow JVM start gets 2 minutes before the liveness probe may kill the pod.
    Map<String, Object> startup = map(container, "startupProbe");
    assertThat(map(startup, "httpGet")).containsEntry("path", "/healthz");
    assertThat(((Number) startup.get("periodSeconds")).intValue() * ((Number) startup.get("failureThreshold")).intValue())
        .isEqualTo(120);
    assertThat(map(map(container, "readinessProbe"), "httpGet")).containsEntry("path", "/readyz");
    assertThat(map(map(container, "resources"), "requests")).containsKeys("cpu", "memory");
    assertThat(map(container, "securityContext"))
        .containsEntry("readOnlyRootFilesystem", true)
        .containsEntry("allowPrivilegeEscalation", false);
    assertThat(strings(container, "args")).contains("--config=/etc/magnum-auto-healer/config.yaml", "--v=2");
  }

  @Test
  void theConfigMapIsValidGoFormatWithTheCredentialInASecretNotInline() throws IOException {
    String config = (String) map(doc("ConfigMap", "healer-config"), "data").get("config.yaml");
    assertThat(config).doesNotContainPattern("(?m)^\\s*password:")
        .contains("use-clouds: true", "clouds-file: /etc/healer/secrets/clouds.yaml");
    assertThat((String) map(doc("Secret", "healer-openstack"), "stringData").get("clouds.yaml"))
        .contains("password: ${password}");
    Map<String, Object> pod = map(map(map(doc("Deployment", "healer"), "spec"), "template"), "spec");
    assertThat(list(pod, "volumes")).anySatisfy(v ->
        assertThat(map(v, "secret")).containsEntry("secretName", "healer-openstack"));

    // The file parses as healer's config.yaml (placeholders filled in).
    Path file = Files.createTempFile("healer-config", ".yaml");
    try {
      Files.writeString(file, config.replace("${magnum_cluster_uuid}", "c0ffee").replace("${keystone_auth_url}",
          "https://keystone.example.com:5000/v3").replace("${user_id}", "u").replace("${user_project_id}", "p")
          .replace("${region}", "RegionOne"));
      assertThat(io.healer.core.config.ConfigLoader.load(file).clusterName()).isEqualTo("c0ffee");
    } finally {
      Files.delete(file);
    }
  }

  /**
   * What the manifest mounts is what the Magnum provider on the class path reads: the ConfigMap's
   * openstack block with the Secret's clouds.yaml (both with their placeholders filled in) creates the
   * provider without a problem. Creating it contacts nothing.
   */
  @Test
  void theMagnumProviderAcceptsTheOpenStackBlockWithTheSecretsCloudsYaml(@TempDir Path dir) throws IOException {
    String config = (String) map(doc("ConfigMap", "healer-config"), "data").get("config.yaml");
    String clouds = (String) map(doc("Secret", "healer-openstack"), "stringData").get("clouds.yaml");
    Path cloudsFile = dir.resolve("clouds.yaml");
    Files.writeString(cloudsFile, clouds.replace("${password}", "s3cret-from-the-secret"));
    Path file = dir.resolve("config.yaml");
    Files.writeString(file, config.replace("${magnum_cluster_uuid}", "c0ffee").replace("${keystone_auth_url}",
        "https://keystone.example.com:5000/v3").replace("${user_id}", "u").replace("${user_project_id}", "p")
        .replace("${region}", "RegionOne").replace("/etc/healer/secrets/clouds.yaml", cloudsFile.toString()));

    io.healer.core.config.HealerConfig loaded = io.healer.core.config.ConfigLoader.load(file);
    io.healer.api.cloud.CloudProvider provider = io.healer.core.plugin.PluginRegistry.builder().build()
        .createProvider(loaded);

    assertThat(provider.getClass().getName()).isEqualTo("io.healer.provider.magnum.MagnumCloudProvider");
    assertThat(provider.toString()).doesNotContain("s3cret-from-the-secret");
  }

  @Test
  void thePauseConfigMapAndLeaseNamesAreTheAgreedOnes() {
    assertThat(map(doc("ConfigMap", "healer-control"), "metadata").get("namespace")).isEqualTo("kube-system");
    assertThat(map(map(doc("ConfigMap", "healer-control"), "metadata"), "annotations"))
        .containsKey("healer.io/paused");
  }

  private List<String> rules(String kind, String name) {
    List<String> out = new ArrayList<>();
    for (Map<String, Object> rule : list(doc(kind, name), "rules")) {
      Set<String> verbs = new TreeSet<>(strings(rule, "verbs"));
      for (String group : strings(rule, "apiGroups")) {
        for (String resource : strings(rule, "resources")) {
          List<String> names = rule.containsKey("resourceNames") ? strings(rule, "resourceNames") : List.of();
          out.add(group + " " + resource + (names.isEmpty() ? "" : "/" + String.join(",", names)) + " "
              + String.join(",", verbs));
        }
      }
    }
    return out;
  }

  private Map<String, Object> doc(String kind, String name) {
    return docs.stream()
        .filter(d -> kind.equals(d.get("kind")) && name.equals(map(d, "metadata").get("name")))
        .findFirst().orElseThrow(() -> new AssertionError("no " + kind + " " + name + " in " + MANIFEST));
  }

  @SuppressWarnings("unchecked")
  private static Map<String, Object> map(Map<String, Object> m, String key) {
    return (Map<String, Object>) m.get(key);
  }

  @SuppressWarnings("unchecked")
  private static List<Map<String, Object>> list(Map<String, Object> m, String key) {
    return (List<Map<String, Object>>) m.get(key);
  }

  @SuppressWarnings("unchecked")
  private static List<String> strings(Map<String, Object> m, String key) {
    return (List<String>) m.get(key);
  }

  @SuppressWarnings("unchecked")
  private static List<Map<String, Object>> load() {
    try {
      List<Map<String, Object>> docs = new ArrayList<>();
      Yaml yaml = new Yaml(new SafeConstructor(new LoaderOptions()));
      for (Object d : yaml.loadAll(Files.readString(MANIFEST))) {
        if (d != null) {
          docs.add((Map<String, Object>) d);
        }
      }
      return docs;
    } catch (IOException e) {
      throw new IllegalStateException(e);
    }
  }
}
