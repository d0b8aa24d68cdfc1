package io.healer.daemon;

/**
 * A failure the daemon reports to the operator as it is: its message is printed (so it must never
 * carry a secret) and the process exits with 1.
 */
public final class DaemonException extends RuntimeException {

  /**
   * @param message what went wrong and, where possible, what to do about it
   */
  public DaemonException(String message) {
    super(message);
  }

  /**
   * @param message what went wrong and, where possible, what to do about it
   * @param cause the underlying failure, for the debug log
   */
  public DaemonException(String message, Throwable cause) {
    super(message, cause);
  }
}
