package io.tmr.experiments.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.ByteArrayInputStream;
import java.io.InputStream;
import org.junit.jupiter.api.Test;

/** {@code tmr tokenize}: ids per line, strict UTF-8 and strict --pair lines, errors by line. */
class TokenizeCommandTest {
  private static String[] tokenize(byte[] input, String... args) {
    InputStream in = System.in;
    System.setIn(new ByteArrayInputStream(input));
    try {
      String[] all = new String[args.length + 1];
      all[0] = "tokenize";
      System.arraycopy(args, 0, all, 1, args.length);
      return TestCli.run(all);
    } finally {
      System.setIn(in);
    }
  }

  @Test
  void printsIdsPerLineAndStopsAtTheFirstMalformedUtf8Line() {
    byte[] input = {'h', 'e', 'l', 'l', 'o', '\n', (byte) 0xff, (byte) 0xfe, '\n', 'x', '\n'};
    String[] r = tokenize(input);
    assertEquals("1", r[0]);
    assertEquals("101 7592 102\n", r[1]);
    assertEquals(
        "tmr tokenize: standard input, line 2: not valid UTF-8 (the lines before it were printed)",
        r[2].strip());
  }

  @Test
  void pairLinesNeedExactlyOneTab() {
    String[] ok = tokenize("a\tb\r\n".getBytes(java.nio.charset.StandardCharsets.UTF_8), "--pair");
    assertEquals("0", ok[0], ok[2]);
    assertEquals("101 1037 102 1038 102\n", ok[1]);
    String[] none =
        tokenize("a\tb\nno tab\n".getBytes(java.nio.charset.StandardCharsets.UTF_8), "--pair");
    assertEquals("1", none[0]);
    assertEquals(
        "tmr tokenize: standard input, line 2: --pair expects 'A<TAB>B' (one tab), found 0 tabs",
        none[2].strip());
    String[] two =
        tokenize("a\tb\tc\n".getBytes(java.nio.charset.StandardCharsets.UTF_8), "--pair");
    assertEquals("1", two[0]);
    assertEquals(
        "tmr tokenize: standard input, line 1: --pair expects 'A<TAB>B' (one tab), found 2 tabs",
        two[2].strip());
  }
}
