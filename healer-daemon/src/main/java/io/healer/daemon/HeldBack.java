package io.healer.daemon;

import java.util.List;

/**
 * Why the engine held a repair back, as a short label for metrics, from the engine's message (a
 * sentence for people, which names the rule): {@code storm_guard}, {@code paused}, {@code budget}...
 * A message of no known rule is {@code other}, so the label's values stay few.
 */
final class HeldBack {

  /** A label and the start or part of the messages it stands for. */
  private record Rule(String why, String text, boolean prefix) {}

  private static final List<Rule> RULES = List.of(
      new Rule("storm_guard", "storm guard:", true),
      new Rule("paused", "healing is paused", true),
      new Rule("disabled", "healing is disabled", true),
      new Rule("not_leader", "this instance is not the leader", true),
      new Rule("leadership_lost", "leadership was lost", true),
      new Rule("dry_run", "dry-run:", true),
      new Rule("excluded", "opted out with", false),
      new Rule("budget", "(max-repairs-per-hour:", false),
      new Rule("in_flight", "(max-repairs-in-flight", false),
      new Rule("quorum", "masters are repaired one at a time", false),
      new Rule("quorum", "repairing this master would leave", true),
      new Rule("zone_outage", "cooling down after a likely zone outage", false),
      new Rule("partition", "likely network partition:", true),
      new Rule("cloud_refused", "the cloud does not allow repairs", true),
      new Rule("cloud_busy", "the cloud is busy", true),
      new Rule("not_supported", "the provider cannot", true),
      new Rule("draining", "preparing the", true),
      new Rule("record_failed", "could not record the repair step", true));

  /** Every label {@link #of} gives. */
  static final List<String> WHYS = java.util.stream.Stream.concat(RULES.stream().map(Rule::why), java.util.stream.Stream.of("other"))
      .distinct().toList();

  private HeldBack() {}

  /** The label of a hold message; {@code other} for a message of no known rule. */
  static String of(String message) {
    for (Rule rule : RULES) {
      if (rule.prefix() ? message.startsWith(rule.text()) : message.contains(rule.text())) {
        return rule.why();
      }
    }
    return "other";
  }
}
