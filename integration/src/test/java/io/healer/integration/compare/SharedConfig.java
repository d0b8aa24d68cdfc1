package io.healer.integration.compare;

import java.nio.file.Path;
import java.util.Map;

/**
 * The one {@code config.yaml} both healers read, unchanged: the Go magnum-auto-healer's keys only,
 * with times short enough for a test run (a 5 s interval, 10 s unhealthy, a reboot given 30 s). The
 * master is also checked by an Endpoint check on its API server's {@code /healthz} (http here), a
 * worker also by its {@code DiskPressure} condition (a second NodeCondition check: healthy when
 * {@code False}).
 */
final class SharedConfig {

  private SharedConfig() {}

  /**
   * @param kubeconfig the kubeconfig both use (each run writes its cluster's there)
   * @param healthPort the port of the master's API server health endpoint
   * @param openstack the {@code openstack} block: auth-url, user-id, password, project-id, region
   */
  static String yaml(Path kubeconfig, int healthPort, Map<String, Object> openstack) {
    StringBuilder yaml = new StringBuilder()
        .append("cluster-name: k8s\n")
        .append("dry-run: false\n")
        .append("cloud-provider: openstack\n")
        .append("monitor-interval: ").append(ComparisonRun.INTERVAL.toSeconds()).append("s\n")
        .append("master-monitor-enabled: true\n")
        .append("worker-monitor-enabled: true\n")
        .append("leader-elect: true\n")
        .append("check-delay-after-add: 0s\n")
        .append("rebuild-delay-after-reboot: 30s\n")
        .append("kubernetes:\n")
        .append("  kubeconfig: ").append(kubeconfig).append('\n')
        .append("healthcheck:\n");
    for (String role : new String[] {"master", "worker"}) {
      yaml.append("  ").append(role).append(":\n")
          .append("    - type: NodeCondition\n")
          .append("      params:\n")
          .append("        unhealthy-duration: ").append(ComparisonRun.UNHEALTHY_DURATION.toSeconds()).append("s\n")
          .append("        types: [\"Ready\"]\n")
          .append("        ok-values: [\"True\"]\n");
      if (role.equals("worker")) {
        // A failed disk, as the kubelet reports it (node-problem-detector's conditions read alike).
        yaml.append("    - type: NodeCondition\n")
            .append("      params:\n")
            .append("        unhealthy-duration: ").append(ComparisonRun.UNHEALTHY_DURATION.toSeconds()).append("s\n")
            .append("        types: [\"DiskPressure\"]\n")
            .append("        ok-values: [\"False\"]\n");
      }
      if (role.equals("master")) {
        yaml.append("    - type: Endpoint\n")
            .append("      params:\n")
            .append("        protocol: http\n")
            .append("        port: ").append(healthPort).append('\n')
            .append("        endpoints: [\"/healthz\"]\n")
            .append("        ok-codes: [200]\n")
            .append("        unhealthy-duration: ").append(ComparisonRun.UNHEALTHY_DURATION.toSeconds()).append("s\n");
      }
    }
    yaml.append("openstack:\n");
    openstack.forEach((key, value) -> yaml.append("  ").append(key).append(": \"").append(value).append("\"\n"));
    return yaml.toString();
  }
}
