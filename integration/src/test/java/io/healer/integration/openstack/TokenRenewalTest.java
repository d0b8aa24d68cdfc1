package io.healer.integration.openstack;

import static org.assertj.core.api.Assertions.assertThat;

import io.healer.api.cloud.ClusterStatus;
import io.healer.integration.support.StallingProxy;
import io.healer.integration.support.Wait;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Tokens that live a minute, from a second real Keystone process on the same database and fernet
 * keys with {@code [token] expiration = 60}. Magnum and Heat validate them against the suite's
 * Keystone, which reads the expiry from the token itself and refuses it after that minute. The
 * provider logs in through a proxy that records each connection: Keystone's stdlib server closes
 * every connection after its answer, so each connection is one token request.
 */
@ExtendWith(RealOpenStackExtension.class)
@DisplayName("Keystone: a token of a minute is renewed before it expires")
class TokenRenewalTest {

  private static final Duration LIFETIME = Duration.ofSeconds(60);

  @Test
  @DisplayName("reads over more than a minute all succeed, and the second token is asked for before the first expires")
  void renewsBeforeExpiry(RealOpenStack openstack) {
    openstack.awaitQuiet();
    try (Keystone.Second shortLived = openstack.keystone().startWithTokenLifetime(LIFETIME);
        StallingProxy logins = StallingProxy.to(shortLived.port())) {
      Map<String, Object> block = openstack.passwordByIds();
      block.put("auth-url", "http://127.0.0.1:" + logins.port() + "/v3");
      var provider = openstack.provider(RealOpenStack.CLUSTER, block);

      assertThat(provider.clusterStatus().status()).isEqualTo(ClusterStatus.Status.READY);
      assertThat(logins.connections()).hasSize(1);
      // Keystone counts the lifetime from its own issue time, a few milliseconds after the connection.
      Instant firstExpires = logins.connections().get(0).plus(LIFETIME);
      int[] reads = {0};
      // Time itself is the subject: read on until the first token is 5 s past its expiry.
      Wait.until("reads go on 5 s past the first token's expiry", LIFETIME.multipliedBy(2), () -> {
        ClusterStatus status = provider.clusterStatus();
        reads[0]++;
        assertThat(status.status()).as("read %d at %s: %s", reads[0], Instant.now(), status.reason())
            .isEqualTo(ClusterStatus.Status.READY);
        return Instant.now().isAfter(firstExpires.plusSeconds(5));
      });

      List<Instant> requests = logins.connections();
      System.out.printf("[token-renewal] %d reads; token requests at %s (first token expires %s)%n", reads[0],
          requests, firstExpires);
      // Exactly one renewal: a second one would be the 401 path (an expired token refused by a service).
      assertThat(requests).hasSize(2);
      assertThat(requests.get(1)).isBefore(firstExpires).isAfter(requests.get(0).plus(LIFETIME.dividedBy(2)));
    }
  }
}
