package io.healer.daemon;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class TextTableTest {

  @Test
  void padsEveryColumnButTheLastToItsWidestCellAndDropsTrailingBlanks() {
    TextTable table = new TextTable(2).row("NODE", "ROLE", "DETAIL")
        .row("worker-10", "worker", "")
        .row("m", "master", "the node reports no conditions yet");

    assertThat(table.lines()).containsExactly(
        "NODE       ROLE    DETAIL",
        "worker-10  worker",
        "m          master  the node reports no conditions yet");
  }

  @Test
  void theGapIsTheTablesOwn() {
    assertThat(new TextTable(3).row("NAME", "REPAIR").row("w", "-").lines())
        .containsExactly("NAME   REPAIR", "w      -");
  }

  @Test
  void aRowOfOtherWidthIsRefused() {
    TextTable table = new TextTable(2).row("A", "B");

    assertThatThrownBy(() -> table.row("only one"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("a row of 1 cells in a table of 2 columns");
  }
}
