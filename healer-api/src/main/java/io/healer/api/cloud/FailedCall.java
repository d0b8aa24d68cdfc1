package io.healer.api.cloud;

import io.healer.api.API;
import java.util.Objects;

/**
 * What kind of cloud call failed, for {@link CloudProvider#failedCalls()}: the service asked and
 * the cause, both short and stable enough to be metric labels.
 *
 * @param service the service, by its catalog type or name ({@code identity}, {@code container-infra},
 *     {@code orchestration}, {@code compute})
 * @param cause why, without secrets: {@code HTTP 503}, or the transport failure's type when nothing
 *     answered ({@code ConnectException}, {@code HttpTimeoutException}, {@code SSLHandshakeException})
 * @since 0.2
 */
@API(status = API.Status.EXPERIMENTAL, since = "0.2")
public record FailedCall(String service, String cause) {

  /**
   * Both parts are required.
   *
   * @param service the service, not {@code null}
   * @param cause why, not {@code null}
   */
  public FailedCall {
    Objects.requireNonNull(service, "service");
    Objects.requireNonNull(cause, "cause");
  }
}
