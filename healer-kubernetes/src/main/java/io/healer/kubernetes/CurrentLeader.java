package io.healer.kubernetes;

import io.kubernetes.client.openapi.ApiClient;
import io.kubernetes.client.openapi.ApiException;
import io.kubernetes.client.openapi.apis.CoordinationV1Api;
import io.kubernetes.client.openapi.models.V1Lease;
import io.kubernetes.client.openapi.models.V1LeaseSpec;
import java.time.Clock;
import java.time.Instant;
import java.util.Optional;

/**
 * Who holds the leader-election Lease now, read from the API server: for {@code healer status},
 * which never joins the election. A Lease whose holder stopped renewing it for longer than its
 * duration has no leader, as client-go's and healer's electors judge it.
 */
final class CurrentLeader {

  private final CoordinationV1Api coordination;
  private final String namespace;
  private final String name;
  private final Clock clock;

  CurrentLeader(ApiClient client, String namespace, String name, Clock clock) {
    this.coordination = new CoordinationV1Api(client);
    this.namespace = namespace;
    this.name = name;
    this.clock = clock;
  }

  /**
   * The holder's identity, or empty when the Lease does not exist, has no holder or has expired.
   *
   * @throws IllegalStateException when the Lease cannot be read, naming the Lease and the answer
   */
  Optional<String> holder() {
    V1Lease lease;
    try {
      lease = coordination.readNamespacedLease(name, namespace).execute();
    } catch (ApiException e) {
      if (ApiErrors.code(e) == 404) {
        return Optional.empty();
      }
      throw new IllegalStateException("cannot read the Lease " + namespace + "/" + name + ": "
          + ApiErrors.describe(e), e);
    }
    V1LeaseSpec spec = lease.getSpec();
    if (spec == null || spec.getHolderIdentity() == null || spec.getHolderIdentity().isEmpty()) {
      return Optional.empty();
    }
    Instant renewed = spec.getRenewTime() == null ? null : spec.getRenewTime().toInstant();
    int seconds = spec.getLeaseDurationSeconds() == null ? 0 : spec.getLeaseDurationSeconds();
    if (renewed == null || renewed.plusSeconds(seconds).isBefore(clock.instant())) {
      return Optional.empty();
    }
    return Optional.of(spec.getHolderIdentity());
  }
}
