package dev.headroom.signals.promql;

/** A label matcher's operator. */
public enum MatchOp {
  EQ("="),
  NE("!="),
  RE("=~"),
  NRE("!~");

  private final String symbol;

  MatchOp(String symbol) {
    this.symbol = symbol;
  }

  public String symbol() {
    return symbol;
  }
}
