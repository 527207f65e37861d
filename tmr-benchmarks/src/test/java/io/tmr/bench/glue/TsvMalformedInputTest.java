package io.tmr.bench.glue;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.tmr.bench.task.DataFormatException;
import io.tmr.bench.task.ReadOptions;
import io.tmr.bench.task.Split;
import io.tmr.bench.task.TextDataset;
import io.tmr.bench.task.TextTask;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Malformed input fails with the file, the line and the field. */
class TsvMalformedInputTest {

  private static final String RTE_HEADER = "index\tsentence1\tsentence2\tlabel\n";

  @TempDir Path dir;

  private Path write(String name, String content) throws IOException {
    return Files.write(dir.resolve(name), content.getBytes(StandardCharsets.UTF_8));
  }

  private DataFormatException fail(TextTask task, Split split, Path file) {
    return assertThrows(
        DataFormatException.class, () -> task.read(file, split, ReadOptions.defaults()));
  }

  private static void assertMentions(DataFormatException e, String... parts) {
    for (String p : parts) {
      assertTrue(e.getMessage().contains(p), "message lacks <" + p + ">: " + e.getMessage());
    }
  }

  @Test
  void wrongColumnCountNamesLineAndSuspectsAQuote() throws IOException {
    Path f = write("rte.tsv", RTE_HEADER + "0\ta\tb\tentailment\n1\t\"He said\tno\n");
    DataFormatException e = fail(new RteTask(), Split.DEV, f);
    assertEquals(f, e.file());
    assertEquals("line 3", e.location());
    assertMentions(
        e,
        "rte.tsv",
        "expected 4 tab-separated columns",
        "found 3",
        "column 2 has an unbalanced double quote");
  }

  @Test
  void badLabelNamesTheField() throws IOException {
    Path f = write("rte.tsv", RTE_HEADER + "0\ta\tb\tmaybe\n");
    DataFormatException e = fail(new RteTask(), Split.DEV, f);
    assertEquals("line 2", e.location());
    assertEquals("label (column 4)", e.field().orElseThrow());
    assertMentions(e, "\"maybe\" is not a label of RTE", "[entailment, not_entailment]");
  }

  @Test
  void quotedFieldsAreNotUnquoted() throws IOException {
    Path f = write("rte.tsv", RTE_HEADER + "0\ta\tb\t\"entailment\"\n");
    assertMentions(fail(new RteTask(), Split.DEV, f), "line 2", "stray double quote");
    Path g = write("rte2.tsv", RTE_HEADER + "\"0\"\ta\tb\tentailment\n");
    DataFormatException e = fail(new RteTask(), Split.DEV, g);
    assertEquals("index (column 1)", e.field().orElseThrow());
    assertMentions(e, "not a non-negative integer", "stray double quote");
  }

  @Test
  void bomAnywhereButTheStartIsAnError() throws IOException {
    Path f = write("rte.tsv", RTE_HEADER + "0\ta\tb\tentailment\n\uFEFF1\ta\tb\tentailment\n");
    DataFormatException e = fail(new RteTask(), Split.DEV, f);
    assertEquals("line 3", e.location());
    assertEquals("index (column 1)", e.field().orElseThrow());
    assertMentions(e, "byte order mark");
    // At the start it is accepted, also for a file without header.
    Path ok = write("cola.tsv", "\uFEFFsrc\t1\t\tA fine sentence.\n");
    TextDataset d = new ColaTask().read(ok, Split.DEV, ReadOptions.defaults());
    assertEquals(1, d.size());
    assertEquals("A fine sentence.", d.examples().get(0).textA());
  }

  @Test
  void duplicateAndNonNumericIndexes() throws IOException {
    Path dup = write("dup.tsv", RTE_HEADER + "0\ta\tb\tentailment\n0\tc\td\tentailment\n");
    assertMentions(fail(new RteTask(), Split.DEV, dup), "line 3", "index 0 already used on line 2");
    Path nan = write("nan.tsv", RTE_HEADER + "x\ta\tb\tentailment\n");
    assertMentions(fail(new RteTask(), Split.DEV, nan), "line 2", "'index (column 1)'", "\"x\"");
  }

  @Test
  void headerMustBeTheSplitsLayout() throws IOException {
    // A test file (no label column) read as dev.
    Path f = write("test.tsv", "index\tsentence1\tsentence2\n0\ta\tb\n");
    DataFormatException e = fail(new RteTask(), Split.DEV, f);
    assertEquals("line 1", e.location());
    assertEquals("column 4", e.field().orElseThrow());
    assertMentions(e, "expected \"label\", found no column");
    Path empty = write("empty.tsv", "");
    assertMentions(fail(new RteTask(), Split.DEV, empty), "empty file");
    // Only a header: the error names the file and the line after the header, not "empty set" later.
    Path header = write("header.tsv", "index\tsentence1\tsentence2\tlabel\n");
    DataFormatException h = fail(new RteTask(), Split.DEV, header);
    assertEquals("line 2", h.location());
    assertEquals(header, h.file());
    assertMentions(h, "no examples after the header");
  }

  @Test
  void invalidUtf8AndStrayCarriageReturns() throws IOException {
    Path bad = dir.resolve("latin1.tsv");
    byte[] head = (RTE_HEADER + "0\ta\tb\tentailment\n1\tcaf").getBytes(StandardCharsets.UTF_8);
    byte[] tail = "\tb\tentailment\n".getBytes(StandardCharsets.UTF_8);
    byte[] all = new byte[head.length + 1 + tail.length];
    System.arraycopy(head, 0, all, 0, head.length);
    all[head.length] = (byte) 0xE9; // Latin-1 é
    System.arraycopy(tail, 0, all, head.length + 1, tail.length);
    Files.write(bad, all);
    assertMentions(fail(new RteTask(), Split.DEV, bad), "line 3", "not valid UTF-8");

    Path cr = write("cr.tsv", RTE_HEADER + "0\ta\rb\tc\tentailment\n");
    DataFormatException e = fail(new RteTask(), Split.DEV, cr);
    assertEquals("sentence1 (column 2)", e.field().orElseThrow());
    assertMentions(e, "carriage return");
  }

  @Test
  void crlfLineEndingsAndAMissingFinalNewlineAreFine() throws IOException {
    Path f =
        write(
            "crlf.tsv",
            "index\tsentence1\tsentence2\tlabel\r\n0\ta\tb\tentailment\r\n1\tc\td\tnot_entailment");
    TextDataset d = new RteTask().read(f, Split.DEV, ReadOptions.defaults());
    assertEquals(2, d.size());
    assertEquals("not_entailment", d.examples().get(1).gold().text());
    assertEquals("b", d.examples().get(0).textB());
  }

  @Test
  void regressionGoldMustBeADecimalInRange() throws IOException {
    String header =
        "index\tgenre\tfilename\tyear\told_index\tsource1\tsource2\tsentence1\tsentence2\tscore\n";
    Path high = write("high.tsv", header + "0\tg\tf\ty\to\ts\ts\ta\tb\t5.5\n");
    DataFormatException e = fail(new StsbTask(), Split.DEV, high);
    assertEquals("score (column 10)", e.field().orElseThrow());
    assertMentions(e, "line 2", "5.5 is outside [0.0, 5.0]");
    Path nan = write("nan.tsv", header + "0\tg\tf\ty\to\ts\ts\ta\tb\tnan\n");
    assertMentions(fail(new StsbTask(), Split.DEV, nan), "not a decimal number: \"nan\"");
  }

  @Test
  void blankLinesAreRowsWithTheWrongColumnCount() throws IOException {
    Path f = write("blank.tsv", RTE_HEADER + "0\ta\tb\tentailment\n\n");
    assertMentions(fail(new RteTask(), Split.DEV, f), "line 3", "found 1");
  }
}
