package io.tmr.bench.task;

import static com.google.common.base.Preconditions.checkArgument;

import java.math.BigDecimal;

/** The real-valued target of a regression task (STS-B similarity). */
public record RegressionTarget(double value) implements Label {

  public RegressionTarget {
    checkArgument(Double.isFinite(value), "regression target must be finite, got %s", value);
  }

  /**
   * Plain decimal notation (never {@code 1.0E-4}) that parses back to the same double, so a written
   * prediction file scores exactly like the in-memory predictions.
   */
  @Override
  public String text() {
    return BigDecimal.valueOf(value).toPlainString();
  }
}
