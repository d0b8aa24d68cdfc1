package io.healer.provider.magnum.internal;

/**
 * An OpenStack call that did not succeed: the service's HTTP status (0 when no answer came) and a
 * message made of the method, the path and the service's own error text — never a header or a
 * request body, so never a token or a password.
 */
public final class OpenStackException extends RuntimeException {

  /** The HTTP status of the answer, 0 when none came. */
  private final int status;

  /**
   * @param status the HTTP status, or 0 when the request got no answer
   * @param message what failed, without secrets
   */
  public OpenStackException(int status, String message) {
    super(message);
    this.status = status;
  }

  /**
   * The HTTP status, 0 when there was no answer (timeout, connection refused).
   *
   * @return the status the service answered with, or 0
   */
  public int status() {
    return status;
  }

  /**
   * Whether the service said it is busy with another change (409 Conflict).
   *
   * @return {@code true} for a 409 answer
   */
  public boolean isConflict() {
    return status == 409;
  }

  /**
   * Whether the service refused the call for now because of its rate limit (429): it did nothing.
   *
   * @return {@code true} for a 429 answer
   */
  public boolean isThrottled() {
    return status == 429;
  }

  /**
   * Whether the resource is gone (404).
   *
   * @return {@code true} for a 404 answer
   */
  public boolean isNotFound() {
    return status == 404;
  }
}
