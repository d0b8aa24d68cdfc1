package io.healer.api.config;

import io.healer.api.API;
import java.util.Locale;
import java.util.Objects;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * One thing wrong with a configuration: the key (as a path such as {@code
 * healthcheck.worker[0].params.unhealthy-duration}), the value found, and what is allowed.
 *
 * <p>Values of keys that look secret ({@code password}, {@code secret}, {@code token}, {@code
 * credential}) are never kept: {@link #value()} is empty for them and {@link #toString()} shows
 * {@code <redacted>}.
 *
 * @since 0.1
 */
@API(status = API.Status.STABLE, since = "0.1")
public final class ConfigProblem {

  // "token" and "*-secret" are secrets; "token-file" (a path) and "require-token" (a switch) are not.
  private static final Pattern SECRET_KEY =
      Pattern.compile("(.*[-_])?(password|passwd|secret|token|private-key)|.*-secret-.*");
  private static final Pattern NOT_SECRET = Pattern.compile("require-.*|.*-(file|path|id|name)");

  private final String key;
  private final String value;
  private final boolean secret;
  private final String allowed;

  private ConfigProblem(String key, String value, String allowed) {
    this.key = Objects.requireNonNull(key, "key");
    this.secret = isSecretKey(key);
    this.value = secret ? null : value;
    this.allowed = Objects.requireNonNull(allowed, "allowed");
  }

  /**
   * A problem with a key's value.
   *
   * @param key the full path of the key
   * @param value the value as found, or {@code null} when the key is missing; dropped if the key
   *     looks secret
   * @param allowed what would have been accepted, as a sentence fragment: {@code "a duration with a
   *     unit, such as 300s or 5m"}
   * @return the problem
   */
  public static ConfigProblem of(String key, Object value, String allowed) {
    return new ConfigProblem(key, value == null ? null : String.valueOf(value), allowed);
  }

  /** Up to this many known keys are listed in full when no known key is close to the unknown one. */
  static final int LISTED_KEYS = 12;

  /**
   * A problem for a key that is not known here. When a known key is close enough to be a likely
   * typo, only that one is suggested; otherwise the known keys are listed when they are few (up to
   * {@value #LISTED_KEYS}), and counted when they are many, so that a problem stays one readable line.
   *
   * @param path the full path of the unknown key, such as {@code healthcheck.worker[0].params.unhealty-duration}
   * @param known the keys allowed at that place
   * @return the problem, naming the nearest known key or the known keys
   */
  public static ConfigProblem unknownKey(String path, java.util.Collection<String> known) {
    String key = path.substring(path.lastIndexOf('.') + 1);
    String nearest = nearest(key, known);
    String allowed;
    if (nearest != null) {
      allowed = "unknown key (did you mean '" + nearest + "'?)";
    } else if (known.size() <= LISTED_KEYS) {
      allowed = "unknown key; known keys: " + String.join(", ", new java.util.TreeSet<>(known));
    } else {
      allowed = "unknown key; none of the " + known.size() + " keys known here is close to it (see the"
          + " configuration reference)";
    }
    return new ConfigProblem(path, null, allowed);
  }

  /**
   * The known name closest to {@code key} by edit distance (ignoring case), if within a third of
   * its length (at least 2 edits): the likely intent behind a typo.
   *
   * @param key the name that was not found
   * @param known the names that exist
   * @return the nearest known name, or {@code null} when none is close
   */
  public static String nearest(String key, java.util.Collection<String> known) {
    String best = null;
    int bestDistance = Math.max(2, key.length() / 3) + 1;
    for (String candidate : known) {
      int d = editDistance(key.toLowerCase(Locale.ROOT), candidate.toLowerCase(Locale.ROOT));
      if (d < bestDistance) {
        best = candidate;
        bestDistance = d;
      }
    }
    return best;
  }

  private static int editDistance(String a, String b) {
    int[] previous = new int[b.length() + 1];
    int[] current = new int[b.length() + 1];
    for (int j = 0; j <= b.length(); j++) {
      previous[j] = j;
    }
    for (int i = 1; i <= a.length(); i++) {
      current[0] = i;
      for (int j = 1; j <= b.length(); j++) {
        int substitution = previous[j - 1] + (a.charAt(i - 1) == b.charAt(j - 1) ? 0 : 1);
        current[j] = Math.min(substitution, Math.min(previous[j], current[j - 1]) + 1);
      }
      int[] swap = previous;
      previous = current;
      current = swap;
    }
    return previous[b.length()];
  }

  /**
   * Whether a key names a secret whose value must never be shown.
   *
   * @param key a key or key path
   * @return {@code true} for keys such as {@code password} or {@code application-credential-secret}
   */
  public static boolean isSecretKey(String key) {
    String last = key.substring(key.lastIndexOf('.') + 1).toLowerCase(Locale.ROOT);
    return SECRET_KEY.matcher(last).matches() && !NOT_SECRET.matcher(last).matches();
  }

  /**
   * The full path of the key.
   *
   * @return the key such as {@code healthcheck.worker[0].params.timeout}, never {@code null}
   */
  public String key() {
    return key;
  }

  /**
   * The value as found; empty when missing or secret.
   *
   * @return the value as text, or empty
   */
  public Optional<String> value() {
    return Optional.ofNullable(value);
  }

  /**
   * What would have been accepted.
   *
   * @return a description such as {@code "a whole number from 1 to 10"}, never {@code null}
   */
  public String allowed() {
    return allowed;
  }

  /** One line for people: {@code key 'monitor-interval': value '300' is not allowed; expected ...}. */
  @Override
  public String toString() {
    String shown = secret ? "<redacted>" : value == null ? null : "'" + value + "'";
    return shown == null
        ? key + ": " + allowed
        : key + ": value " + shown + " is not allowed; " + allowed;
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof ConfigProblem p
        && key.equals(p.key)
        && Objects.equals(value, p.value)
        && allowed.equals(p.allowed);
  }

  @Override
  public int hashCode() {
    return Objects.hash(key, value, allowed);
  }
}
