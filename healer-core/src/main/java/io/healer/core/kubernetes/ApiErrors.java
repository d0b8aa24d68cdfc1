package io.healer.core.kubernetes;

import io.kubernetes.client.openapi.ApiException;

/**
 * Describes API failures for logs and exception messages. Only the HTTP status and the exception
 * type are shown: a response body could echo request headers, and the request may carry a token.
 */
final class ApiErrors {

  static final int NOT_FOUND = 404;
  static final int CONFLICT = 409;
  static final int GONE = 410;
  static final int UNPROCESSABLE = 422;
  static final int TOO_MANY_REQUESTS = 429;

  private ApiErrors() {}

  /**
   * A short description: the HTTP status for API errors, the type otherwise; for an answer the
   * models could not read, the model's complaint without the object it quotes.
   */
  static String describe(Throwable error) {
    for (Throwable t = error; t != null; t = t.getCause()) {
      String message = t.getMessage();
      if (t instanceof IllegalArgumentException && message != null && message.contains(" JSON: ")) {
        return "cannot read the API server's answer: " + message.substring(0, message.indexOf(" JSON: "));
      }
    }
    if (error instanceof ApiException e && e.getCode() != 0) {
      return "HTTP " + e.getCode();
    }
    return error.getClass().getSimpleName();
  }

  /** The HTTP status of an API error, or 0. */
  static int code(Throwable error) {
    return error instanceof ApiException e ? e.getCode() : 0;
  }
}
