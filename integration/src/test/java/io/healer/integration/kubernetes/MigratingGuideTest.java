package io.healer.integration.kubernetes;

import static org.assertj.core.api.Assertions.assertThat;

import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import io.healer.integration.support.Commands;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/**
 * docs/migrating.md, run: on a real API server set up as a cluster running the Go
 * magnum-auto-healer (its own published manifest applied, its Lease held, its Endpoint check's
 * annotation on a master), every line of the guide's shell blocks is run word for word, in order,
 * with the built kubectl as the cluster admin and {@code healer} as the packaged daemon. Each must
 * succeed, and together they must leave the cluster as the guide says: healer deployed with the Go
 * healer's config.yaml and only its own rules, the Go healer and its cluster-admin gone. The guide's
 * sample of {@code healer validate}'s errors must be what healer prints.
 */
@ExtendWith(RealKubernetesExtension.class)
class MigratingGuideTest {

  private static final String GO_MANIFEST = "k8s.io/cloud-provider-openstack@v1.36.0/manifests/magnum-auto-healer/"
      + "magnum-auto-healer.yaml";
  private static final String GO_IDENTITY = "master-0_4c1f7f9e-2f0e-4a51-9d7e-5d6b8e0f3a21";
  private static final String GO_ANNOTATION = "autohealing.openstack.org/unhealthy-timestamp";

  private final RealKubernetes cluster;

  @TempDir
  Path dir;

  MigratingGuideTest(RealKubernetes cluster) {
    this.cluster = cluster;
  }

  @Test
  void everyCommandOfTheGuideDoesWhatItSays() throws IOException {
    String goConfig = goHealerRuns();
    // The guide's paths are the repository's: healer-daemon/deploy/healer.yaml.
    Files.createSymbolicLink(dir.resolve("healer-daemon"), repository().resolve("healer-daemon"));

    Map<String, String> printed = new LinkedHashMap<>();
    List<String> commands = guideCommands(repository().resolve("docs/migrating.md"));
    assertThat(commands).as("the guide's commands").hasSizeGreaterThanOrEqualTo(10);
    for (String line : commands) {
      printed.putIfAbsent(line, run(line));
    }

    String holder = "kubectl -n kube-system get lease magnum-auto-healer -o jsonpath='{.spec.holderIdentity}'";
    assertThat(printed.get(holder)).as("the Lease's holder, the Go healer").isEqualTo(GO_IDENTITY);
    assertThat(Files.readString(dir.resolve("config.yaml"))).as("config.yaml taken out of the Go healer's ConfigMap")
        .isEqualTo(goConfig);
    assertThat(printed.get("healer validate --config config.yaml")).contains("config.yaml is valid.");
    JsonObject healerConfig = cluster.rest().get("/api/v1/namespaces/kube-system/configmaps/healer-config").orThrow();
    assertThat(healerConfig.getAsJsonObject("data").get("config.yaml").getAsString())
        .as("healer reads the Go healer's config.yaml").isEqualTo(goConfig);
    JsonObject deployment = cluster.rest().get("/apis/apps/v1/namespaces/kube-system/deployments/healer").orThrow();
    assertThat(deployment.getAsJsonObject("spec").getAsJsonObject("template").getAsJsonObject("metadata")
        .getAsJsonObject("annotations").has("kubectl.kubernetes.io/restartedAt")).as("the rollout restart").isTrue();
    String rules = printed.get("kubectl auth can-i --list --as=system:serviceaccount:kube-system:healer");
    assertThat(rules).contains("pods/eviction").contains("nodes").doesNotContain("*.*");
    String failing = printed.entrySet().stream().filter(e -> e.getKey().contains("FAILING-SINCE")).findFirst()
        .orElseThrow().getValue();
    assertThat(failing).as("the masters the Go healer finds failing").contains("master-0").contains("2026-12-04 21:10:05")
        .doesNotContain("worker-0");
    for (String gone : List.of("/apis/apps/v1/namespaces/kube-system/daemonsets/magnum-auto-healer",
        "/apis/rbac.authorization.k8s.io/v1/clusterrolebindings/magnum-auto-healer",
        "/api/v1/namespaces/kube-system/serviceaccounts/magnum-auto-healer",
        "/api/v1/namespaces/kube-system/configmaps/magnum-auto-healer-config")) {
      assertThat(cluster.rest().get(gone).code()).as("%s after the switch", gone).isEqualTo(404);
    }
    JsonObject master = cluster.rest().get("/api/v1/nodes/master-0").orThrow().getAsJsonObject("metadata");
    assertThat(master.has("annotations") && master.getAsJsonObject("annotations").has(GO_ANNOTATION))
        .as("the Go healer's annotation after the switch").isFalse();
  }

  @Test
  void theGuidesSampleOfValidateIsWhatHealerSays() throws IOException {
    // The mistakes of the guide's table, in one file.
    Files.writeString(dir.resolve("config.yaml"), """
        cluster-name: k8s
        monitor-intervall: 15s
        rebuild-delay-after-reboot: 300
        healthcheck:
          worker:
            - type: NodeCondition
              params:
                unhealthy-duration: 1m
                types: ["Ready"]
                ok-value: ["True"]
        openstack:
          auth-url: http://127.0.0.1:5000/v3
          user-id: u
          password: secret
          tenant-id: p
          region: RegionOne
        """);
    Commands.Result result = Commands.exec(dir, List.of("bash", "-c", healer() + "healer validate --config config.yaml"),
        Map.of("HOME", dir.toString()), 120);

    assertThat(result.exitCode()).as(result.output()).isNotZero();
    List<String> sample = block(Files.readAllLines(repository().resolve("docs/migrating.md")), "```text");
    assertThat(sample).isNotEmpty();
    assertThat(result.output().lines().map(String::strip).toList()).as("what healer printed").containsAll(sample);
    assertThat(result.output()).as("a secret shown").doesNotContain("secret");
  }

  /**
   * The cluster as the Go healer's users have it: its published manifest applied (placeholders
   * filled as Magnum fills them), its Lease held by its pod, a master with its Endpoint annotation.
   *
   * @return the config.yaml of its ConfigMap
   */
  private String goHealerRuns() throws IOException {
    String cache = Commands.run(dir, List.of("go", "env", "GOMODCACHE")).strip();
    String manifest = Files.readString(Path.of(cache).resolve(GO_MANIFEST));
    Map<String, String> magnum = Map.of("magnum_cluster_uuid", "1b6e1a4e-5f0c-4d3b-9a59-4a8f0c6e2b11",
        "keystone_auth_url", "https://keystone.example:5000/v3", "user_id", "3e1f0c0a9b7d4c2e8f6a5b4c3d2e1f00",
        "user_project_id", "9a8b7c6d5e4f40312a1b0c9d8e7f6a5b", "password", "trustee-password", "region", "RegionOne");
    for (Map.Entry<String, String> e : magnum.entrySet()) {
      manifest = manifest.replace("${" + e.getKey() + "}", e.getValue());
    }
    Path file = dir.resolve("magnum-auto-healer.yaml");
    Files.writeString(file, manifest);
    cluster.kubectlOk("apply", "-f", file.toString());
    cluster.rest().post("/apis/coordination.k8s.io/v1/namespaces/kube-system/leases", JsonParser.parseString(
        "{\"apiVersion\":\"coordination.k8s.io/v1\",\"kind\":\"Lease\",\"metadata\":{\"name\":\"magnum-auto-healer\"},"
            + "\"spec\":{\"holderIdentity\":\"" + GO_IDENTITY + "\",\"leaseDurationSeconds\":20}}")).orThrow();
    cluster.rest().post("/api/v1/nodes", JsonParser.parseString("{\"apiVersion\":\"v1\",\"kind\":\"Node\",\"metadata\":"
        + "{\"name\":\"master-0\",\"labels\":{\"node-role.kubernetes.io/control-plane\":\"\"},\"annotations\":{\""
        + GO_ANNOTATION + "\":\"2026-12-04 21:10:05\"}}}")).orThrow();
    cluster.rest().post("/api/v1/nodes", JsonParser.parseString(
        "{\"apiVersion\":\"v1\",\"kind\":\"Node\",\"metadata\":{\"name\":\"worker-0\"}}")).orThrow();
    JsonObject configMap = cluster.rest().get("/api/v1/namespaces/kube-system/configmaps/magnum-auto-healer-config")
        .orThrow();
    return configMap.getAsJsonObject("data").get("config.yaml").getAsString();
  }

  /** Runs a line of the guide as written (pipes and redirections included). */
  private String run(String line) {
    String kubectl = KubernetesBinaries.binary("kubectl") + " --kubeconfig=" + cluster.adminKubeconfig();
    Commands.Result result = Commands.exec(dir, List.of("bash", "-o", "pipefail", "-c",
        "kubectl() { " + kubectl + " \"$@\"; }; " + healer() + line), Map.of("HOME", dir.toString()), 120);
    assertThat(result.exitCode()).as("docs/migrating.md says: %s%nit printed:%n%s", line, result.output()).isZero();
    return result.output().strip();
  }

  /** The {@code healer} of the guide: the packaged daemon. */
  private static String healer() {
    Path jar = repository().resolve("healer-daemon/target/healer.jar");
    assertThat(jar).as("the packaged daemon (mvn package -pl healer-daemon -am)").exists();
    return "healer() { java -jar " + jar + " \"$@\"; }; ";
  }

  private static Path repository() {
    return KubernetesBinaries.integrationDir().resolve("..").normalize();
  }

  /** Every command line of the guide's shell blocks, in order. */
  static List<String> guideCommands(Path guide) {
    try {
      List<String> commands = new ArrayList<>();
      for (String line : block(Files.readAllLines(guide), "```shell")) {
        if (!line.startsWith("#")) {
          commands.add(line);
        }
      }
      return commands;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** The non-blank lines of every fenced block that opens with {@code fence}. */
  private static List<String> block(List<String> lines, String fence) {
    List<String> found = new ArrayList<>();
    boolean in = false;
    for (String line : lines) {
      if (!in && line.strip().equals(fence)) {
        in = true;
      } else if (in && line.strip().equals("```")) {
        in = false;
      } else if (in && !line.isBlank()) {
        found.add(line.strip());
      }
    }
    return found;
  }
}
