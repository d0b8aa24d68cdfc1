package io.healer.daemon;

import java.util.ArrayList;
import java.util.List;

/**
 * Rows of cells laid out in columns for people, as {@code healer check} and {@code healer status}
 * print them: every column but the last is padded to its widest cell and followed by the gap; the
 * last is left as it is (a free-text column), and each line's trailing blanks are dropped.
 */
final class TextTable {

  private final String gap;
  private final List<List<String>> rows = new ArrayList<>();

  /** A table whose columns stand {@code gap} blanks apart. */
  TextTable(int gap) {
    this.gap = " ".repeat(gap);
  }

  /** Adds a row; the first one added (the header) fixes the number of columns. */
  TextTable row(String... cells) {
    if (!rows.isEmpty() && cells.length != rows.get(0).size()) {
      throw new IllegalArgumentException("a row of " + cells.length + " cells in a table of "
          + rows.get(0).size() + " columns");
    }
    rows.add(List.of(cells));
    return this;
  }

  /** The laid-out lines, one a row, without line ends. */
  List<String> lines() {
    if (rows.isEmpty()) {
      return List.of();
    }
    int last = rows.get(0).size() - 1;
    int[] widths = new int[last];
    for (List<String> row : rows) {
      for (int i = 0; i < last; i++) {
        widths[i] = Math.max(widths[i], row.get(i).length());
      }
    }
    List<String> lines = new ArrayList<>(rows.size());
    for (List<String> row : rows) {
      StringBuilder line = new StringBuilder();
      for (int i = 0; i < last; i++) {
        line.append(row.get(i)).append(" ".repeat(widths[i] - row.get(i).length())).append(gap);
      }
      lines.add(line.append(row.get(last)).toString().stripTrailing());
    }
    return lines;
  }
}
