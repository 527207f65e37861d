package io.tmr.experiments.cli;

import io.tmr.core.text.Encoding;
import io.tmr.core.text.Truncation;
import io.tmr.core.text.Vocabularies;
import io.tmr.core.text.Vocabulary;
import io.tmr.core.text.WordPieceTokenizer;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.util.StringJoiner;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code tmr tokenize}: standard input to ids, for inspection. */
@Command(
    name = "tokenize",
    mixinStandardHelpOptions = true,
    description = {
      "Read lines from standard input and print their token ids ([CLS] A [SEP] (B [SEP])).",
      "With --pair each line is 'A<TAB>B'. With --verbose each token is printed as id:token:start-end."
    })
final class TokenizeCommand implements Callable<Integer> {
  @Option(
      names = "--vocab",
      defaultValue = Vocabularies.BERT_BASE_UNCASED,
      paramLabel = "SPEC",
      description =
          "bert-base-uncased, a vocab.txt path or a trained name. Default: ${DEFAULT-VALUE}.")
  String vocab;

  @Option(
      names = "--max-length",
      defaultValue = "512",
      description = "Truncate (longest first) to this length. Default: ${DEFAULT-VALUE}.")
  int maxLength;

  @Option(names = "--pair", description = "Lines are tab-separated sentence pairs.")
  boolean pair;

  @Option(names = "--verbose", description = "Print id:token:start-end for each token.")
  boolean verbose;

  @Override
  public Integer call() throws Exception {
    Vocabulary v = Vocabularies.resolve(vocab);
    WordPieceTokenizer tok = new WordPieceTokenizer(v);
    BufferedReader in =
        new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8));
    String line;
    while ((line = in.readLine()) != null) {
      String a = line;
      String b = null;
      if (pair) {
        int tab = line.indexOf('\t');
        if (tab >= 0) {
          a = line.substring(0, tab);
          b = line.substring(tab + 1);
        }
      }
      Encoding e = tok.encode(a, b, maxLength, Truncation.LONGEST_FIRST, false);
      StringJoiner out = new StringJoiner(" ");
      for (int i = 0; i < e.size(); i++) {
        out.add(
            verbose
                ? e.ids()[i] + ":" + v.token(e.ids()[i]) + ":" + e.starts()[i] + "-" + e.ends()[i]
                : Integer.toString(e.ids()[i]));
      }
      System.out.println(out);
    }
    return 0;
  }
}
