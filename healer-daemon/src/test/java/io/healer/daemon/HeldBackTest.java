package io.healer.daemon;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/** The engine's hold messages, as the metrics label them. */
class HeldBackTest {

  @Test
  void labelsEachRuleAndAnUnknownMessageAsOther() {
    assertThat(HeldBack.of("storm guard: 3 of 5 workers are unhealthy, more than the 2 allowed (max-unhealthy-workers: 2)"))
        .isEqualTo("storm_guard");
    assertThat(HeldBack.of("healing is paused")).isEqualTo("paused");
    assertThat(HeldBack.of("the node opted out with healer.io/exclude=true")).isEqualTo("excluded");
    assertThat(HeldBack.of("4 repairs started in the last hour (max-repairs-per-hour: 4)")).isEqualTo("budget");
    assertThat(HeldBack.of("2 repairs are already under way (max-repairs-in-flight: 2)")).isEqualTo("in_flight");
    assertThat(HeldBack.of("repairing this master would leave 1 of 3 masters up")).isEqualTo("quorum");
    assertThat(HeldBack.of("zone az-1: cooling down after a likely zone outage until 2026-01-01T00:00:00Z"))
        .isEqualTo("zone_outage");
    assertThat(HeldBack.of("likely network partition: the cloud reports the server of worker-1 ACTIVE on host"
        + " h-a (host UP) while 3 nodes on host h-a are silent at once (Ready is Unknown; partition-min-silent: 3);"
        + " not repaired while this lasts (second-opinion)")).isEqualTo("partition");
    assertThat(HeldBack.of("the cloud does not allow repairs now: busy")).isEqualTo("cloud_refused");
    assertThat(HeldBack.of("something new")).isEqualTo("other");
    assertThat(HeldBack.WHYS).contains("storm_guard", "paused", "quorum", "budget", "excluded", "partition", "other")
        .doesNotHaveDuplicates();
  }
}
