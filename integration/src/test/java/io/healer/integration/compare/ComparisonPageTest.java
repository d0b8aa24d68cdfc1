package io.healer.integration.compare;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The page's "where healer was not better" rule, on figures made up for it (no server runs). */
class ComparisonPageTest {

  @Test
  void aFaultThatNeedsANewServerAndGotOnlyARebootIsListedThoughHealerRepairedSooner() {
    Row row = new Row(Scenario.killedMidRepair(), figures(Tool.MAGNUM_AUTO_HEALER, 25, 1),
        figures(Tool.HEALER, 20, 0));

    assertThat(ComparisonPage.notBetter(row))
        .contains("no repair beyond a reboot, which does not bring the node back (replacements 1 / 0)");
  }

  @Test
  void aReplacementThatCameIsNotListed() {
    Row row = new Row(Scenario.killedMidRepair(), figures(Tool.MAGNUM_AUTO_HEALER, 25, 1),
        figures(Tool.HEALER, 20, 1));

    assertThat(ComparisonPage.notBetter(row)).isEmpty();
  }

  @Test
  void aFaultARebootHealsNeedsNoReplacement() {
    Row row = new Row(Scenario.workerKubeletStops(), figures(Tool.MAGNUM_AUTO_HEALER, 25, 0),
        figures(Tool.HEALER, 20, 0));

    assertThat(ComparisonPage.notBetter(row)).isEmpty();
  }

  @Test
  void aRepairLaterFromTheFaultButSoonerAfterALongerUpdateIsNotListed() {
    Row row = new Row(Scenario.clusterUpdating(), afterUpdate(Tool.MAGNUM_AUTO_HEALER, 43, 11),
        afterUpdate(Tool.HEALER, 58, 5));

    assertThat(ComparisonPage.notBetter(row)).isEmpty();
  }

  @Test
  void aRepairLaterAfterTheUpdateEndedIsListed() {
    Row row = new Row(Scenario.clusterUpdating(), afterUpdate(Tool.MAGNUM_AUTO_HEALER, 43, 6),
        afterUpdate(Tool.HEALER, 40, 9));

    assertThat(ComparisonPage.notBetter(row))
        .containsExactly("time to the first repair after the update ended 6.0 s / 9.0 s");
  }

  /** A run that repaired after {@code seconds}, with as many replacements, and healer's figures no worse. */
  private static RunFigures figures(Tool tool, int seconds, int replacements) {
    return new RunFigures(tool, "ran", List.of("reboot SOFT worker-0 @ " + seconds + ".0 s"),
        Duration.ofSeconds(seconds), 0, 0, 1.0, 1.0, new ProcessUsage(30, 1.0), Duration.ofMinutes(3), 0, 0,
        replacements, null);
  }

  /** A run that repaired {@code seconds} after the fault and {@code afterUpdate} seconds after the update ended. */
  private static RunFigures afterUpdate(Tool tool, int seconds, int afterUpdate) {
    return new RunFigures(tool, "ran", List.of("reboot SOFT worker-0 @ " + seconds + ".0 s"),
        Duration.ofSeconds(seconds), 0, 0, 1.0, 1.0, new ProcessUsage(30, 1.0), Duration.ofMinutes(3), 0, 0, 0,
        Duration.ofSeconds(afterUpdate));
  }
}
