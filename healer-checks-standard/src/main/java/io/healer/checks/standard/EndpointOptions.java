package io.healer.checks.standard;

import java.time.Duration;
import java.util.List;
import java.util.Optional;

/**
 * The validated params of one Endpoint check.
 *
 * @param https whether to probe with HTTPS (else plain HTTP)
 * @param port the port probed on each node
 * @param paths the paths probed, each starting with exactly one {@code /}
 * @param okCodes the HTTP status codes that count as healthy
 * @param timeout the longest wait for one response
 * @param token the bearer token to send, when {@code require-token} is true; its toString is
 *     redacted, so this record's is too
 */
record EndpointOptions(
    boolean https, int port, List<String> paths, List<Integer> okCodes, Duration timeout,
    Optional<BearerToken> token) {

  EndpointOptions {
    paths = List.copyOf(paths);
    okCodes = List.copyOf(okCodes);
  }

  /** The scheme as it appears in URLs. */
  String scheme() {
    return https ? "https" : "http";
  }
}
