package io.healer.integration.operators;

import static org.assertj.core.api.Assertions.assertThat;

import io.healer.integration.kubernetes.RealKubernetes;
import io.healer.integration.kubernetes.RealKubernetesExtension;
import io.healer.integration.support.Commands;
import io.kubernetes.client.openapi.models.V1Deployment;
import io.kubernetes.client.openapi.models.V1ObjectMeta;
import io.kubernetes.client.openapi.models.V1Pod;
import io.kubernetes.client.util.Yaml;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/**
 * What the chart renders, handed to the real kube-apiserver of the integration suite: every object
 * passes a server-side dry run (schema, defaulting, validation and admission, nothing stored), and the
 * daemon's pod, as the Deployment's ReplicaSet would create it, is admitted in a namespace that
 * enforces the "restricted" Pod Security Standard, which a pod with privilege escalation is not.
 */
@ExtendWith(RealKubernetesExtension.class)
class ChartOnKubernetesTest {

  /**
   * The namespace of this test: created restricted (enforced for pods, warned about for the pod
   * templates of Deployments), with the chart's ServiceAccount (a pod of an account that does not
   * exist is refused), deleted after.
   */
  private static final String NAMESPACE = "healer-chart";

  @BeforeAll
  static void restrictedNamespace(RealKubernetes cluster) {
    cluster.kubectlOk("create", "namespace", NAMESPACE);
    cluster.kubectlOk("label", "namespace", NAMESPACE, "pod-security.kubernetes.io/enforce=restricted",
        "pod-security.kubernetes.io/enforce-version=latest", "pod-security.kubernetes.io/warn=restricted",
        "pod-security.kubernetes.io/warn-version=latest");
    // --save-config: the dry-run apply of the chart's ServiceAccount then has nothing to warn about.
    cluster.kubectlOk("-n", NAMESPACE, "create", "serviceaccount", "healer", "--save-config");
  }

  @AfterAll
  static void removeNamespace(RealKubernetes cluster) {
    cluster.kubectl("delete", "namespace", NAMESPACE, "--ignore-not-found", "--wait=false");
  }

  @Test
  void everyRenderedObjectPassesAServerSideDryRun(RealKubernetes cluster, @TempDir Path dir) throws IOException {
    for (String[] values : List.of(new String[0],
        new String[] {"--set", "service.enabled=true,dashboard.enabled=true,openstack.existingSecret=my-clouds"})) {
      // The prometheus-operator kinds need its CRDs, which this API server does not have; the chart
      // test checks what they carry.
      List<String> documents = Helm.documents(Helm.rendered("healer", NAMESPACE, values)).stream()
          .filter(d -> !d.contains("apiVersion: monitoring.coreos.com/")).toList();
      Path file = dir.resolve("rendered.yaml");
      Files.writeString(file, "---\n" + String.join("---\n", documents));

      Commands.Result applied = cluster.kubectl("apply", "--dry-run=server", "-f", file.toString());

      assertThat(applied.exitCode()).as(applied.output()).isZero();
      assertThat(applied.output().lines().filter(l -> l.endsWith("(server dry run)"))).hasSize(documents.size());
      assertThat(applied.output()).as("no warning, PodSecurity's included").doesNotContain("Warning");
    }
    assertThat(cluster.kubectl("-n", NAMESPACE, "get", "deployment", "healer").exitCode())
        .as("a dry run stores nothing").isNotZero();
  }

  @Test
  void theDaemonsPodIsAdmittedUnderTheRestrictedPodSecurityStandard(RealKubernetes cluster, @TempDir Path dir)
      throws IOException {
    Commands.Result admitted = createPodDryRun(cluster, dir);
    assertThat(admitted.exitCode()).as(admitted.output()).isZero();
    assertThat(admitted.output()).contains("pod/healer-admission created (server dry run)").doesNotContain("Warning");

    Commands.Result refused = createPodDryRun(cluster, dir, "--set", "securityContext.allowPrivilegeEscalation=true");
    assertThat(refused.exitCode()).as("the namespace does enforce the standard").isNotZero();
    assertThat(refused.output()).contains("violates PodSecurity \"restricted:latest\"", "allowPrivilegeEscalation");
  }

  /** The pod the chart's Deployment asks for, created with a server-side dry run in {@link #NAMESPACE}. */
  private static Commands.Result createPodDryRun(RealKubernetes cluster, Path dir, String... values) throws IOException {
    V1Deployment deployment = Helm.documents(Helm.rendered("healer", NAMESPACE, values)).stream()
        .filter(d -> Helm.kind(d).equals("Deployment")).map(d -> Yaml.loadAs(d, V1Deployment.class))
        .findFirst().orElseThrow();
    V1Pod pod = new V1Pod().apiVersion("v1").kind("Pod")
        .metadata(new V1ObjectMeta().name("healer-admission").namespace(NAMESPACE)
            .labels(deployment.getSpec().getTemplate().getMetadata().getLabels()))
        .spec(deployment.getSpec().getTemplate().getSpec());
    // client-java's model starts with an empty overhead map, which the API server reads as an
    // overhead set without a RuntimeClass; the Deployment's pods have none.
    pod.getSpec().setOverhead(null);
    Path file = dir.resolve("pod.yaml");
    Files.writeString(file, Yaml.dump(pod));
    return cluster.kubectl("create", "--dry-run=server", "-f", file.toString());
  }
}
