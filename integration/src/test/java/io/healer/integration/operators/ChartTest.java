package io.healer.integration.operators;

import static org.assertj.core.api.Assertions.assertThat;

import io.kubernetes.client.openapi.models.V1ClusterRole;
import io.kubernetes.client.openapi.models.V1ConfigMap;
import io.kubernetes.client.openapi.models.V1Deployment;
import io.kubernetes.client.openapi.models.V1Role;
import io.kubernetes.client.openapi.models.V1Volume;
import io.kubernetes.client.util.Yaml;
import java.io.IOException;
import java.nio.file.Files;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import org.junit.jupiter.api.Test;

/**
 * charts/healer with the pinned Helm CLI: {@code helm lint --strict} passes with the defaults and with
 * every optional part on, the RBAC it renders is the README's rule for rule, the credentials come
 * from the chart's Secret or an existing one, and values the chart cannot honour are refused with the
 * key and what to set instead.
 */
class ChartTest {

  private static final String EVERYTHING =
      "service.enabled=true,serviceMonitor.enabled=true,prometheusRule.enabled=true,dashboard.enabled=true";

  @Test
  void lintPassesStrictlyWithTheDefaultsAndWithEveryOptionalPartOn() {
    for (List<String> args : List.of(List.of("lint", "--strict", Helm.chart().toString()),
        List.of("lint", "--strict", Helm.chart().toString(), "--set", EVERYTHING))) {
      Helm.Result lint = Helm.run(args);
      assertThat(lint.exitCode()).as(lint.out() + lint.err()).isZero();
      assertThat(lint.out()).contains("1 chart(s) linted, 0 chart(s) failed").doesNotContain("[WARNING]")
          .doesNotContain("[ERROR]");
    }
  }

  @Test
  void theRbacIsTheReadmesRuleForRule() throws IOException {
    Map<String, Object> readme = byKindAndName(readmeRbac());
    Map<String, Object> chart = byKindAndName(Helm.rendered("healer", "kube-system"));
    assertThat(readme).containsOnlyKeys("ClusterRole/healer", "Role/healer", "Role/healer-node-leases",
        "Role/healer-events");
    for (Map.Entry<String, Object> e : readme.entrySet()) {
      Object rendered = chart.get(e.getKey());
      assertThat(rendered).as(e.getKey()).isNotNull();
      if (e.getValue() instanceof V1ClusterRole role) {
        assertThat(((V1ClusterRole) rendered).getRules()).as(e.getKey()).isEqualTo(role.getRules());
      } else {
        V1Role role = (V1Role) e.getValue();
        assertThat(((V1Role) rendered).getRules()).as(e.getKey()).isEqualTo(role.getRules());
        assertThat(((V1Role) rendered).getMetadata().getNamespace()).as(e.getKey())
            .isEqualTo(role.getMetadata().getNamespace());
      }
    }
    assertThat(chart.keySet().stream().filter(k -> k.startsWith("Role/") || k.startsWith("ClusterRole/")))
        .as("no role beyond the README's").containsExactlyInAnyOrderElementsOf(readme.keySet());
  }

  @Test
  void anExistingSecretReplacesTheChartsOwn() throws IOException {
    Map<String, Object> objects = byKindAndName(Helm.rendered("healer", "kube-system",
        "--set", "openstack.existingSecret=my-clouds"));
    assertThat(objects).doesNotContainKey("Secret/healer-openstack");
    V1Deployment deployment = (V1Deployment) objects.get("Deployment/healer");
    List<V1Volume> volumes = deployment.getSpec().getTemplate().getSpec().getVolumes();
    assertThat(volumes).filteredOn(v -> v.getSecret() != null).singleElement()
        .satisfies(v -> assertThat(v.getSecret().getSecretName()).isEqualTo("my-clouds"));
  }

  @Test
  void theConfigMapHoldsTheValuesConfigWithTheKeysTheChartOwns() throws IOException {
    Map<String, Object> objects = byKindAndName(Helm.rendered("team-healer", "ops",
        "--set", "leaderElection.leaseName=team-lease", "--set", "config.cluster-name=c0ffee"));
    String config = ((V1ConfigMap) objects.get("ConfigMap/team-healer-config")).getData().get("config.yaml");
    assertThat(config).contains("cluster-name: c0ffee", "leader-elect: true", "leader-elect-lease-name: team-lease",
        "leader-elect-lease-namespace: ops", "pause-configmap: team-healer-control", "use-clouds: true",
        "clouds-file: /etc/healer/secrets/clouds.yaml").doesNotContain("password");
    assertThat(objects).containsKeys("ConfigMap/team-healer-control", "Secret/team-healer-openstack");
    V1Role role = (V1Role) objects.get("Role/team-healer");
    assertThat(role.getRules()).anySatisfy(r -> assertThat(r.getResourceNames()).containsExactly("team-lease"))
        .anySatisfy(r -> assertThat(r.getResourceNames()).containsExactly("team-healer-control"));
  }

  @Test
  void valuesTheChartCannotHonourAreRefusedWithTheKeyAndWhatIsAllowed() {
    Map<String, String> refused = new LinkedHashMap<>();
    refused.put("config.leader-elect=false", "config.leader-elect is set by the chart");
    refused.put("config.pause-configmap=x", "config.pause-configmap is set by the chart");
    refused.put("config.openstack.password=s3cret", "config.openstack.password is set by the chart");
    refused.put("replicas=0", "replicas: 0 is not allowed; a whole number of at least 1");
    refused.put("ops.port=70000", "ops.port: 70000 is not allowed; a port from 1 to 65535");
    for (Map.Entry<String, String> e : refused.entrySet()) {
      Helm.Result result = Helm.template("healer", "kube-system", "--set", e.getKey());
      assertThat(result.exitCode()).as(e.getKey()).isNotZero();
      assertThat(result.err()).as(e.getKey()).contains(e.getValue()).doesNotContain("s3cret");
    }
  }

  @Test
  void theOptionalPartsCarryTheRulesFileAndTheDashboardAsTheyAre() throws IOException {
    String rendered = Helm.rendered("healer", "monitoring", "--set", EVERYTHING);
    List<String> kinds = Helm.documents(rendered).stream().map(Helm::kind).toList();
    assertThat(kinds).contains("Service", "ServiceMonitor", "PrometheusRule");
    String rule = Helm.documents(rendered).stream().filter(d -> Helm.kind(d).equals("PrometheusRule")).findFirst()
        .orElseThrow();
    String rules = Files.readString(Helm.chart().resolve("files/healer-rules.yaml"));
    assertThat(rule).contains(rules.lines().filter(l -> l.contains("expr: ")).map(l -> "  " + l).toList());
    Map<String, Object> objects = byKindAndName(String.join("---\n", Helm.documents(rendered).stream()
        .filter(d -> !d.contains("monitoring.coreos.com")).toList()));
    V1ConfigMap dashboard = (V1ConfigMap) objects.get("ConfigMap/healer-dashboard");
    assertThat(dashboard.getMetadata().getLabels()).containsEntry("grafana_dashboard", "1");
    assertThat(dashboard.getData().get("healer-dashboard.json").strip())
        .isEqualTo(Files.readString(Helm.chart().resolve("files/healer-dashboard.json")).strip());
  }

  /** The YAML block of the README's RBAC section. */
  static String readmeRbac() throws IOException {
    String readme = Files.readString(Helm.integrationDir().resolve("../README.md").normalize());
    int section = readme.indexOf("\n## RBAC\n");
    int start = readme.indexOf("```yaml\n", section) + "```yaml\n".length();
    return readme.substring(start, readme.indexOf("```", start));
  }

  /** Kubernetes objects by "Kind/name" (the kinds client-java knows). */
  static Map<String, Object> byKindAndName(String yaml) throws IOException {
    Map<String, Object> out = new LinkedHashMap<>();
    for (Object o : Yaml.loadAll(yaml)) {
      if (o == null) {
        continue;
      }
      String kind = (String) invoke(o, "getKind");
      Object metadata = invoke(o, "getMetadata");
      out.put(kind + "/" + invoke(metadata, "getName"), o);
    }
    return out;
  }

  private static Object invoke(Object o, String getter) {
    try {
      return Objects.requireNonNull(o.getClass().getMethod(getter).invoke(o), getter);
    } catch (ReflectiveOperationException e) {
      throw new IllegalStateException(o.getClass() + " has no " + getter, e);
    }
  }
}
