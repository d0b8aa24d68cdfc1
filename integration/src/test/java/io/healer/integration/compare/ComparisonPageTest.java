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

  /** A run that repaired after {@code seconds}, with as many replacements, and healer's figures no worse. */
  private static RunFigures figures(Tool tool, int seconds, int replacements) {
    return new RunFigures(tool, "ran", List.of("reboot SOFT worker-0 @ " + seconds + ".0 s"),
        Duration.ofSeconds(seconds), 0, 0, 1.0, 1.0, new ProcessUsage(30, 1.0), Duration.ofMinutes(3), 0, 0,
        replacements);
  }
}
