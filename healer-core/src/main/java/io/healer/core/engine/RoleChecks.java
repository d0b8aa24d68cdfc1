package io.healer.core.engine;

import io.healer.api.NodeInfo;
import io.healer.api.Verdict;
import io.healer.api.check.CheckContext;
import io.healer.api.check.CheckId;
import io.healer.core.config.CheckNames;
import io.healer.core.plugin.ConfiguredCheck;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * One role's checks with their identities, in config order, and how the keys of a {@link
 * NodeRecord}'s {@code unhealthySince} map onto them.
 *
 * <p>A record keys each failing check by its display form ({@link CheckId#display()}, unique within
 * the role). Records written before checks had identities key by type alone; such a key is the
 * check shown by that type when there is one (the common case, a single check of the type), and
 * otherwise the last check of that type, whose verdict those versions kept when a role had two.
 */
final class RoleChecks {

  /** One check with its identity. */
  record Entry(CheckId id, ConfiguredCheck configured) {

    /** Judges a node. */
    Verdict check(NodeInfo node, CheckContext context) {
      return configured.check().check(node, context);
    }

    /** How long a node must fail this check before it is a repair candidate. */
    Duration unhealthyDuration() {
      return configured.unhealthyDuration();
    }
  }

  /** A role without checks. */
  static final RoleChecks NONE = new RoleChecks(List.of());

  private final List<Entry> entries;
  private final Map<String, Entry> byKey = new HashMap<>();
  /**
   * For a type no check is shown as (several checks share it, or its only check has a name): the
   * last check of that type, which a record keyed by the type meant. Never a display form: names
   * are not types and have no '#'.
   */
  private final Map<String, Entry> byLegacyType = new HashMap<>();

  private RoleChecks(List<Entry> entries) {
    this.entries = List.copyOf(entries);
    for (Entry e : this.entries) {
      byKey.put(e.id().display(), e);
      if (!e.id().display().equals(e.id().type())) {
        byLegacyType.put(e.id().type(), e);
      }
    }
  }

  /**
   * Identifies a role's checks.
   *
   * @throws IllegalArgumentException if a check's name breaks the rule of {@link CheckNames}
   */
  static RoleChecks of(List<ConfiguredCheck> checks) {
    List<CheckId> ids = CheckNames.identities(checks.stream().map(ConfiguredCheck::type).toList(),
        checks.stream().map(ConfiguredCheck::name).toList());
    List<Entry> entries = new ArrayList<>(checks.size());
    for (int i = 0; i < checks.size(); i++) {
      entries.add(new Entry(ids.get(i), checks.get(i)));
    }
    return new RoleChecks(entries);
  }

  /** The checks, in config order. */
  List<Entry> entries() {
    return entries;
  }

  boolean isEmpty() {
    return entries.isEmpty();
  }

  /** The key a record keeps a check's unhealthy-since under. */
  static String key(CheckId id) {
    return id.display();
  }

  /**
   * Since when the record says each check has failed; keys that name no check of the role (a
   * check removed from the config) are left out.
   */
  Map<CheckId, Instant> remembered(NodeRecord record) {
    Map<CheckId, Instant> since = new LinkedHashMap<>();
    if (record == null) {
      return since;
    }
    // Keys by type first, so that a key of today's form wins over one of an earlier version.
    record.unhealthySince().forEach((key, at) -> {
      if (byLegacyType.containsKey(key)) {
        since.put(byLegacyType.get(key).id(), at);
      }
    });
    record.unhealthySince().forEach((key, at) -> {
      if (byKey.containsKey(key)) {
        since.put(byKey.get(key).id(), at);
      }
    });
    return since;
  }

  /** The unhealthy-duration of the check a record key names, if it names one. */
  Optional<Duration> unhealthyDuration(String key) {
    Entry e = byKey.containsKey(key) ? byKey.get(key) : byLegacyType.get(key);
    return Optional.ofNullable(e).map(Entry::unhealthyDuration);
  }
}
