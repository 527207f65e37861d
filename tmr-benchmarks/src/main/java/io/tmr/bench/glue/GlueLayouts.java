package io.tmr.bench.glue;

/** Layouts shared by several GLUE tasks. */
final class GlueLayouts {

  /** RTE and WNLI train/dev: {@code index\tsentence1\tsentence2\tlabel}. */
  static final TsvLayout INDEX_PAIR_LABEL =
      TsvLayout.header("index", "sentence1", "sentence2", "label")
          .pair("sentence1", "sentence2")
          .label("label")
          .index("index");

  /** RTE, WNLI and AX test: {@code index\tsentence1\tsentence2}. */
  static final TsvLayout INDEX_PAIR =
      TsvLayout.header("index", "sentence1", "sentence2")
          .pair("sentence1", "sentence2")
          .index("index");

  private GlueLayouts() {}
}
