package dev.headroom.sim.report;

import java.util.ArrayList;
import java.util.List;

/** A table of text cells that renders for a terminal, for Markdown and as HTML. */
final class TextTable {
  enum Align {
    LEFT,
    RIGHT
  }

  record Column(String header, Align align) {}

  private static final String GAP = "  ";

  private final List<Column> columns;
  private final List<List<String>> rows = new ArrayList<>();

  TextTable(List<Column> columns) {
    this.columns = List.copyOf(columns);
  }

  void addRow(List<String> cells) {
    if (cells.size() != columns.size()) {
      throw new IllegalArgumentException(
          "row has " + cells.size() + " cells for " + columns.size() + " columns");
    }
    rows.add(List.copyOf(cells));
  }

  /** Fixed-width columns separated by two spaces, a dashed rule under the header. */
  String plain() {
    int[] widths = new int[columns.size()];
    for (int column = 0; column < widths.length; column++) {
      widths[column] = columns.get(column).header().length();
      for (List<String> row : rows) {
        widths[column] = Math.max(widths[column], row.get(column).length());
      }
    }
    StringBuilder out = new StringBuilder();
    appendPlainLine(out, columns.stream().map(Column::header).toList(), widths);
    List<String> rules = new ArrayList<>();
    for (int width : widths) {
      rules.add("-".repeat(width));
    }
    appendPlainLine(out, rules, widths);
    for (List<String> row : rows) {
      appendPlainLine(out, row, widths);
    }
    return out.toString();
  }

  String markdown() {
    StringBuilder out = new StringBuilder();
    appendMarkdownLine(out, columns.stream().map(Column::header).toList());
    appendMarkdownLine(
        out,
        columns.stream().map(column -> column.align() == Align.RIGHT ? "---:" : "---").toList());
    for (List<String> row : rows) {
      appendMarkdownLine(out, row);
    }
    return out.toString();
  }

  String html() {
    StringBuilder out = new StringBuilder("<table>\n<thead><tr>");
    for (Column column : columns) {
      out.append("<th").append(alignClass(column)).append('>');
      out.append(Html.escape(column.header())).append("</th>");
    }
    out.append("</tr></thead>\n<tbody>\n");
    for (List<String> row : rows) {
      out.append("<tr>");
      for (int column = 0; column < row.size(); column++) {
        out.append("<td").append(alignClass(columns.get(column))).append('>');
        out.append(Html.escape(row.get(column))).append("</td>");
      }
      out.append("</tr>\n");
    }
    return out.append("</tbody>\n</table>\n").toString();
  }

  private void appendPlainLine(StringBuilder out, List<String> cells, int[] widths) {
    StringBuilder line = new StringBuilder();
    for (int column = 0; column < cells.size(); column++) {
      if (column > 0) {
        line.append(GAP);
      }
      String cell = PlainText.oneLine(cells.get(column));
      String padding = " ".repeat(widths[column] - cell.length());
      line.append(columns.get(column).align() == Align.RIGHT ? padding + cell : cell + padding);
    }
    out.append(line.toString().stripTrailing()).append('\n');
  }

  private static void appendMarkdownLine(StringBuilder out, List<String> cells) {
    out.append('|');
    for (String cell : cells) {
      out.append(' ').append(PlainText.markdown(cell)).append(" |");
    }
    out.append('\n');
  }

  private static String alignClass(Column column) {
    return column.align() == Align.RIGHT ? " class=\"num\"" : "";
  }
}
