package io.healer.core.engine;

import java.util.Objects;
import org.slf4j.Logger;

/**
 * A failure that repeats each cycle while its cause lasts (a cloud that does not answer): logged
 * at WARN with its cause, one line, when the cause changes; each repeat and the stack trace at
 * DEBUG; at INFO when the call works again. Not thread-safe: the engine's thread only.
 */
final class RepeatedFailure {

  private final Logger log;
  private final String what;
  private String lastCause;

  /**
   * @param log where to log
   * @param what what failed, as a phrase: {@code the cloud provider could not take the cluster's health report}
   */
  RepeatedFailure(Logger log, String what) {
    this.log = log;
    this.what = what;
  }

  /** The call failed with {@code e}. */
  void failed(RuntimeException e) {
    String cause = e.getClass().getSimpleName() + (e.getMessage() == null ? "" : ": " + e.getMessage());
    if (!Objects.equals(cause, lastCause)) {
      log.warn("{}: {} (repeats are logged at debug level)", what, cause);
    }
    log.debug("{}", what, e);
    lastCause = cause;
  }

  /** The call worked. */
  void succeeded() {
    if (lastCause != null) {
      log.info("{} earlier; it works again", what);
      lastCause = null;
    }
  }
}
