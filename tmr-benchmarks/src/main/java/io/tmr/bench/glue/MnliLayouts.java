package io.tmr.bench.glue;

/** The MNLI column layouts, shared by the matched and mismatched tasks. */
final class MnliLayouts {

  /**
   * The reference (BERT/ELECTRA {@code MnliProcessor}) label order. The Hugging Face {@code
   * glue/mnli} dataset uses [entailment, neutral, contradiction] instead; class ids here follow the
   * reference.
   */
  static final String[] LABELS = {"contradiction", "entailment", "neutral"};

  private static final String[] COMMON = {
    "index",
    "promptID",
    "pairID",
    "genre",
    "sentence1_binary_parse",
    "sentence2_binary_parse",
    "sentence1_parse",
    "sentence2_parse",
    "sentence1",
    "sentence2"
  };

  static final TsvLayout TRAIN =
      TsvLayout.header(concat(COMMON, "label1", "gold_label"))
          .pair("sentence1", "sentence2")
          .label("gold_label")
          .index("index");
  static final TsvLayout DEV =
      TsvLayout.header(
              concat(COMMON, "label1", "label2", "label3", "label4", "label5", "gold_label"))
          .pair("sentence1", "sentence2")
          .label("gold_label")
          .index("index");
  static final TsvLayout TEST =
      TsvLayout.header(COMMON).pair("sentence1", "sentence2").index("index");

  private MnliLayouts() {}

  private static String[] concat(String[] head, String... tail) {
    String[] all = new String[head.length + tail.length];
    System.arraycopy(head, 0, all, 0, head.length);
    System.arraycopy(tail, 0, all, head.length, tail.length);
    return all;
  }
}
