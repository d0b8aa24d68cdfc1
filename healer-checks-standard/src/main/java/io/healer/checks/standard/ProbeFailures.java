package io.healer.checks.standard;

import java.net.ConnectException;
import java.net.http.HttpConnectTimeoutException;
import java.net.http.HttpTimeoutException;
import java.security.cert.CertificateException;
import java.time.Duration;
import javax.net.ssl.SSLException;

/** Says in a few words why a probe failed, for the reason of an unhealthy verdict. */
final class ProbeFailures {

  private ProbeFailures() {}

  /**
   * @param failure what the HTTP client threw
   * @param timeout the timeout that applied
   * @return a phrase such as {@code failed: connection refused} or {@code timed out after 5s}
   */
  static String describe(Throwable failure, Duration timeout) {
    if (failure instanceof HttpConnectTimeoutException) {
      return "timed out after " + format(timeout) + " while connecting";
    }
    if (failure instanceof HttpTimeoutException) {
      return "timed out after " + format(timeout);
    }
    CertificateException certificate = find(failure, CertificateException.class);
    if (certificate != null) {
      return "failed TLS verification: " + certificate.getMessage();
    }
    SSLException tls = find(failure, SSLException.class);
    if (tls != null) {
      return "failed the TLS handshake: " + tls.getMessage();
    }
    ConnectException connect = find(failure, ConnectException.class);
    if (connect != null) {
      // The JDK client often leaves the message of a refused connection empty.
      String message = connect.getMessage();
      return "failed: " + (message == null || message.isBlank() ? "connection refused" : message);
    }
    Throwable root = failure;
    while (root.getCause() != null && root.getCause() != root) {
      root = root.getCause();
    }
    return "failed: " + root.getClass().getSimpleName()
        + (root.getMessage() == null ? "" : ": " + root.getMessage());
  }

  /**
   * {@code 300ms}, {@code 5s}, {@code 90s}. Rounded up to the millisecond, so that a budget
   * that lost a few microseconds to bookkeeping still reads as configured.
   */
  static String format(Duration d) {
    long millis = (d.toNanos() + 999_999) / 1_000_000;
    return millis % 1000 == 0 ? millis / 1000 + "s" : millis + "ms";
  }

  private static <T extends Throwable> T find(Throwable failure, Class<T> type) {
    for (Throwable t = failure; t != null; t = t.getCause() == t ? null : t.getCause()) {
      if (type.isInstance(t)) {
        return type.cast(t);
      }
    }
    return null;
  }
}
