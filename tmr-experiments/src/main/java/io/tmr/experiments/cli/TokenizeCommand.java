package io.tmr.experiments.cli;

import io.tmr.core.text.Encoding;
import io.tmr.core.text.Truncation;
import io.tmr.core.text.Vocabularies;
import io.tmr.core.text.Vocabulary;
import io.tmr.core.text.WordPieceTokenizer;
import java.io.BufferedInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
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
      "With --pair each line is 'A<TAB>B' (exactly one tab). With --verbose each token is printed as id:token:start-end.",
      "Input must be UTF-8: a malformed byte sequence stops with the line number (as fine-tuning would)."
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
    InputStream in = new BufferedInputStream(System.in);
    String line;
    int lineNo = 0;
    while ((line = next(in, lineNo + 1)) != null) {
      lineNo++;
      String a = line;
      String b = null;
      if (pair) {
        int tab = line.indexOf('\t');
        int tabs = (int) line.chars().filter(c -> c == '\t').count();
        if (tabs != 1) {
          throw new IllegalArgumentException(
              "standard input, line "
                  + lineNo
                  + ": --pair expects 'A<TAB>B' (one tab), found "
                  + tabs
                  + " tabs");
        }
        a = line.substring(0, tab);
        b = line.substring(tab + 1);
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

  /**
   * The next line (without its \n or \r\n), decoded strictly so that a malformed line is reported
   * with its own number after the lines before it were printed; null at the end.
   */
  private static String next(InputStream in, int lineNo) throws IOException {
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    int c;
    while ((c = in.read()) != -1 && c != '\n') {
      bytes.write(c);
    }
    if (c == -1 && bytes.size() == 0) {
      return null;
    }
    byte[] b = bytes.toByteArray();
    int n = b.length > 0 && b[b.length - 1] == '\r' ? b.length - 1 : b.length;
    try {
      return StandardCharsets.UTF_8
          .newDecoder()
          .onMalformedInput(CodingErrorAction.REPORT)
          .onUnmappableCharacter(CodingErrorAction.REPORT)
          .decode(ByteBuffer.wrap(b, 0, n))
          .toString();
    } catch (CharacterCodingException e) {
      throw new IllegalArgumentException(
          "standard input, line " + lineNo + ": not valid UTF-8 (the lines before it were printed)",
          e);
    }
  }
}
