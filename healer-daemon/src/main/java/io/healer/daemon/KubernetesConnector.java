package io.healer.daemon;

import io.healer.core.config.HealerConfig;
import io.healer.core.plugin.PluginRegistry;
import io.healer.kubernetes.KubernetesClients;
import io.healer.kubernetes.KubernetesCluster;
import io.healer.kubernetes.KubernetesHealer;
import io.kubernetes.client.openapi.ApiClient;
import java.io.UncheckedIOException;
import java.util.List;
import java.time.Clock;
import java.time.Duration;
import java.util.function.Consumer;
import java.util.Objects;

/**
 * The connector to a real cluster, on {@link KubernetesHealer.Builder#connect()}: the API clients
 * from {@code kubernetes.kubeconfig} / the in-cluster service account / {@code kubernetes.api-host};
 * nodes from the informer cache; repair records as node annotations; leadership from the Lease
 * elector ({@code leader-elect-lease-namespace/-name}, {@code kube-system/magnum-auto-healer}) when
 * {@code leader-elect} is on; the pause ConfigMap ({@code pause-configmap}, {@code
 * healer.io/paused=true}); the repair hooks (drain of workers, deletion of a replaced node's Node
 * object); Events on the nodes. Ready once the caches have listed and, with leader election, the
 * elector runs. Closing releases the Lease.
 *
 * <p>The cloud provider is not the connector's: the daemon takes the plugin named by {@code
 * cloud-provider} from the registry (the Magnum provider is inside {@code healer.jar}).
 *
 * <p>{@code check} passes a config with {@code leader-elect} off, so no elector is started, and it
 * uses neither the hooks nor the Events listener, and only reads the ledger.
 */
final class KubernetesConnector implements ClusterConnector {

  private final Clock clock;

  /** On the system clock: production. */
  KubernetesConnector() {
    this(Clock.systemUTC());
  }

  /** On the given clock: every time decision of the Kubernetes side (tests: a manual clock). */
  KubernetesConnector(Clock clock) {
    this.clock = Objects.requireNonNull(clock, "clock");
  }

  @Override
  public ClusterConnection connect(HealerConfig config, PluginRegistry plugins) {
    return connect(config, plugins, Duration.ofMinutes(2), why -> {});
  }

  @Override
  public ClusterConnection connect(HealerConfig config, PluginRegistry plugins, Duration timeout,
      Consumer<String> waiting) {
    KubernetesClients clients;
    KubernetesRequests requests = new KubernetesRequests();
    try {
      clients = counted(KubernetesClients.connect(config), requests);
    } catch (UncheckedIOException e) {
      // Both messages name a file or a missing setting, never a credential or a file's content.
      throw new DaemonException(e.getMessage().replaceFirst(": IOException$", "") + ": "
          + e.getCause().getMessage(), e);
    }
    KubernetesCluster cluster;
    try {
      String server = clients.api().getBasePath();
      cluster = KubernetesHealer.builder(config, clients).clock(clock).syncTimeout(timeout)
          .onWaiting(why -> waiting.accept("waiting for the first answers of the Kubernetes API server " + server
              + ": " + why))
          .connect();
    } catch (IllegalStateException e) {
      if (e.getCause() instanceof InterruptedException) {
        throw new DaemonException("stopped while waiting for the Kubernetes API server " + clients.api().getBasePath(),
            e);
      }
      throw new DaemonException(e.getMessage() + " (API server " + clients.api().getBasePath() + ")", e);
    }
    return ClusterConnection.builder(cluster.nodeSource())
        .parts(cluster.parts())
        .readiness(cluster::isReady)
        .leader(cluster::leader)
        .startedLeading(cluster::onStartedLeading)
        .onClose(cluster::close)
        .meters(requests::bindTo)
        .build();
  }

  /** Both clients with every request counted (the watch client's informers included). */
  private static KubernetesClients counted(KubernetesClients clients, KubernetesRequests requests) {
    for (ApiClient client : List.of(clients.api(), clients.watch())) {
      client.setHttpClient(client.getHttpClient().newBuilder().addInterceptor(requests).build());
    }
    return clients;
  }
}
