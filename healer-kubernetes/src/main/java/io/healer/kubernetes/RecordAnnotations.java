package io.healer.kubernetes;

import com.google.gson.Gson;
import com.google.gson.reflect.TypeToken;
import io.healer.api.cloud.RepairAction;
import io.healer.core.engine.NodeRecord;
import io.healer.core.engine.RepairStep;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;

/**
 * The exact, human-readable encoding of a {@link NodeRecord} as node annotations under {@value
 * #PREFIX}, so that {@code kubectl describe node} shows where a repair stands and a new leader or a
 * restarted healer continues from it.
 *
 * <pre>
 * healer.io/record: v1
 * healer.io/repair-action: rebuild
 * healer.io/repair-state: started
 * healer.io/repair-attempt: "2"
 * healer.io/repair-started-at: 2026-01-01T00:09:00Z
 * healer.io/repair-wait-until: 2026-01-01T00:39:00Z
 * healer.io/unhealthy-since: {"Endpoint#2":"2026-01-01T00:01:00Z","NodeCondition":"2026-01-01T00:03:00Z"}
 * </pre>
 *
 * <p>{@code unhealthy-since} keys each failing check by its display form (its name, its type, or
 * its type and position when the role has several checks of the type). Versions before check
 * identities wrote the same JSON keyed by type alone, which is a display form too: their records
 * decode unchanged, and the engine reads a type that no check is shown as any more as the last
 * check of that type (see {@code RoleChecks}). The format stays {@value #VERSION}, so a record this
 * version writes for a role with one check per type is one the earlier versions read as theirs.
 */
final class RecordAnnotations {

  static final String PREFIX = "healer.io/";
  /** Present (value {@value #VERSION}) exactly when the node has a record. */
  static final String RECORD = PREFIX + "record";
  static final String VERSION = "v1";
  static final String NODE_UID = PREFIX + "node-uid";
  static final String UNHEALTHY_SINCE = PREFIX + "unhealthy-since";
  static final String CANDIDATE_ANNOUNCED = PREFIX + "candidate-announced";
  static final String HEALTHY_SINCE = PREFIX + "healthy-since";
  static final String ACTION = PREFIX + "repair-action";
  static final String STATE = PREFIX + "repair-state";
  static final String ATTEMPT = PREFIX + "repair-attempt";
  static final String STARTED_AT = PREFIX + "repair-started-at";
  static final String WAIT_UNTIL = PREFIX + "repair-wait-until";
  static final String FAILURES = PREFIX + "repair-failures";
  static final String NOT_BEFORE = PREFIX + "repair-not-before";
  static final String GIVEN_UP = PREFIX + "repair-given-up";

  /** Every key a record may use; the ledger removes those a new record does not set. */
  static final List<String> KEYS = List.of(RECORD, NODE_UID, UNHEALTHY_SINCE, CANDIDATE_ANNOUNCED, HEALTHY_SINCE,
      ACTION, STATE, ATTEMPT, STARTED_AT, WAIT_UNTIL, FAILURES, NOT_BEFORE, GIVEN_UP);

  private static final Gson GSON = new Gson();

  private RecordAnnotations() {}

  /** The annotations for a record (only the keys it sets). */
  static Map<String, String> encode(NodeRecord record) {
    Map<String, String> a = new LinkedHashMap<>();
    a.put(RECORD, VERSION);
    put(a, NODE_UID, record.uid());
    if (!record.unhealthySince().isEmpty()) {
      Map<String, String> since = new TreeMap<>();
      record.unhealthySince().forEach((check, at) -> since.put(check, at.toString()));
      a.put(UNHEALTHY_SINCE, GSON.toJson(since));
    }
    if (record.candidateAnnounced()) {
      a.put(CANDIDATE_ANNOUNCED, "true");
    }
    put(a, HEALTHY_SINCE, record.healthySince());
    RepairStep step = record.lastStep();
    if (step != null) {
      a.put(ACTION, step.action().name().toLowerCase(Locale.ROOT));
      a.put(STATE, step.state().name().toLowerCase(Locale.ROOT).replace('_', '-'));
      a.put(ATTEMPT, Integer.toString(step.attempt()));
      a.put(STARTED_AT, step.at().toString());
      a.put(WAIT_UNTIL, step.waitUntil().toString());
    }
    if (record.failures() != 0) {
      a.put(FAILURES, Integer.toString(record.failures()));
    }
    put(a, NOT_BEFORE, record.notBefore());
    if (record.givenUp()) {
      a.put(GIVEN_UP, "true");
    }
    return a;
  }

  /** Whether the node's annotations hold a record. */
  static boolean present(Map<String, String> annotations) {
    return annotations != null && annotations.containsKey(RECORD);
  }

  /**
   * Reads a record back.
   *
   * @throws IllegalArgumentException naming the key whose value cannot be read
   */
  static NodeRecord decode(Map<String, String> a) {
    if (!VERSION.equals(a.get(RECORD))) {
      throw new IllegalArgumentException(RECORD + " is " + a.get(RECORD) + ", expected " + VERSION);
    }
    Map<String, Instant> unhealthy = new TreeMap<>();
    String since = a.get(UNHEALTHY_SINCE);
    if (since != null) {
      Map<String, String> raw = read(UNHEALTHY_SINCE, () -> GSON.fromJson(since,
          new TypeToken<Map<String, String>>() {}.getType()));
      raw.forEach((check, at) -> unhealthy.put(check, read(UNHEALTHY_SINCE, () -> Instant.parse(at))));
    }
    RepairStep step = null;
    if (a.containsKey(ACTION)) {
      step = read(ACTION, () -> new RepairStep(
          RepairAction.valueOf(a.get(ACTION).toUpperCase(Locale.ROOT)),
          RepairStep.State.valueOf(a.get(STATE).toUpperCase(Locale.ROOT).replace('-', '_')),
          Instant.parse(a.get(STARTED_AT)),
          Instant.parse(a.get(WAIT_UNTIL)),
          Integer.parseInt(a.get(ATTEMPT))));
    }
    int failures = a.containsKey(FAILURES) ? read(FAILURES, () -> Integer.parseInt(a.get(FAILURES))) : 0;
    return new NodeRecord(a.get(NODE_UID), unhealthy, "true".equals(a.get(CANDIDATE_ANNOUNCED)),
        instant(a, HEALTHY_SINCE), step, failures, instant(a, NOT_BEFORE), "true".equals(a.get(GIVEN_UP)));
  }

  private static Instant instant(Map<String, String> a, String key) {
    String v = a.get(key);
    return v == null ? null : read(key, () -> Instant.parse(v));
  }

  private static void put(Map<String, String> a, String key, Object value) {
    if (value != null) {
      a.put(key, value.toString());
    }
  }

  private static <T> T read(String key, java.util.function.Supplier<T> reader) {
    try {
      T value = reader.get();
      if (value == null) {
        throw new IllegalArgumentException("annotation " + key + " is empty");
      }
      return value;
    } catch (RuntimeException e) {
      throw new IllegalArgumentException("annotation " + key + " cannot be read: " + e.getMessage(), e);
    }
  }
}
