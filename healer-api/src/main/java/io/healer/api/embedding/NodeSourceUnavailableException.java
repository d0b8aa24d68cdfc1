package io.healer.api.embedding;

import io.healer.api.API;

/**
 * Thrown by a {@link NodeSource} that cannot tell the cluster's nodes right now. The engine treats
 * it as an outage: it repairs nothing, and once the source is back, unhealthy timers restart so
 * that an outage counts against no node.
 *
 * @since 0.1
 */
@API(status = API.Status.EXPERIMENTAL, since = "0.1")
public class NodeSourceUnavailableException extends RuntimeException {

  /**
   * @param message what is unavailable and why, without secrets
   */
  public NodeSourceUnavailableException(String message) {
    super(message);
  }

  /**
   * @param message what is unavailable and why, without secrets
   * @param cause the underlying failure
   */
  public NodeSourceUnavailableException(String message, Throwable cause) {
    super(message, cause);
  }
}
