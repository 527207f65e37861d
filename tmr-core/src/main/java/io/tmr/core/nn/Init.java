package io.tmr.core.nn;

import io.tmr.core.tensor.Matrix;
import io.tmr.core.tensor.RandomStream;

/** Parameter initialisers, drawn from a seeded {@link RandomStream} so a seed fixes the model. */
public final class Init {
  private Init() {}

  /** BERT/ELECTRA initialisation: normal(0, std) truncated at two standard deviations. */
  public static void truncatedNormal(Parameter p, RandomStream random, double std) {
    Matrix v = p.valueMatrix();
    int n = v.size();
    for (int i = 0; i < n; i++) {
      v.set(i, random.nextTruncatedNormal(std));
    }
  }

  public static void constant(Parameter p, double value) {
    p.valueMatrix().fill(value);
  }
}
