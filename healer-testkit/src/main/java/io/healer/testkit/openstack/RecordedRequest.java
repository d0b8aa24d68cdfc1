package io.healer.testkit.openstack;

import java.util.Objects;

/**
 * One request the {@link FakeOpenStack} received, as the test asserts it.
 *
 * @param method the HTTP method, upper case
 * @param path the path below the fake's base URL, without the query, such as {@code
 *     /compute/v2.1/servers/4f.../action}
 * @param query the query string without {@code ?}; empty when none
 * @param body the request body; empty when none. Keystone bodies are recorded with secrets replaced
 *     by {@code <redacted>}, so a test log never shows them
 * @param status the status the fake answered
 * @since 0.1
 */
public record RecordedRequest(String method, String path, String query, String body, int status) {

  /**
   * Validates the components.
   *
   * @param method the HTTP method, upper case; not null
   * @param path the path below the fake's base URL, without the query; not null
   * @param query the query string without {@code ?}, empty when none; not null
   * @param body the request body, secrets redacted, empty when none; not null
   * @param status the status the fake answered
   */
  public RecordedRequest {
    Objects.requireNonNull(method, "method");
    Objects.requireNonNull(path, "path");
    Objects.requireNonNull(query, "query");
    Objects.requireNonNull(body, "body");
  }

  /**
   * {@code METHOD path}, the short form tests compare call sequences with.
   *
   * @return the method and the path separated by one space, without the query, such as {@code
   *     POST /identity/v3/auth/tokens}
   */
  public String call() {
    return method + " " + path;
  }

  @Override
  public String toString() {
    return call() + (query.isEmpty() ? "" : "?" + query) + " -> " + status + (body.isEmpty() ? "" : " " + body);
  }
}
