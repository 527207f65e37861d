package io.tmr.bench.glue;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import io.tmr.bench.task.ReadOptions;
import io.tmr.bench.task.Split;
import io.tmr.bench.task.Task;
import io.tmr.bench.task.TaskKind;
import io.tmr.bench.task.TaskRegistry;
import io.tmr.bench.task.TextDataset;
import io.tmr.bench.task.TextExample;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Every split of every registered GLUE task reads a two-row file written in its layout, taking
 * text, label and index from the columns the layout names (guards the column numbers of layouts
 * without a fixture, e.g. MNLI's 12/16/10 columns or the test files).
 */
class AllLayoutsTest {

  @Test
  void everyBuiltInSplitReadsItsOwnLayout(@TempDir Path dir) throws IOException {
    int checked = 0;
    for (Task task : TaskRegistry.load().tasks()) {
      if (!(task instanceof TsvTask tsv)) {
        continue;
      }
      for (Split split : tsv.splits()) {
        TsvLayout layout = tsv.layout(split);
        String label =
            tsv.kind() == TaskKind.REGRESSION ? "2.5" : tsv.labels().get(tsv.labels().size() - 1);
        List<String> lines = new ArrayList<>();
        if (layout.headerLine()) {
          lines.add(String.join("\t", layout.columnNames()));
        }
        for (int row = 0; row < 2; row++) {
          List<String> cells = new ArrayList<>();
          for (int c = 0; c < layout.columns(); c++) {
            cells.add(
                c == layout.index()
                    ? Integer.toString(10 + row)
                    : c == layout.label() ? label : "cell " + c + " row " + row);
          }
          lines.add(String.join("\t", cells));
        }
        Path file = Files.write(dir.resolve(tsv.name() + "-" + split + ".tsv"), lines);
        TextDataset d = tsv.read(file, split, ReadOptions.defaults());
        String what = tsv.name() + " " + split;
        assertEquals(2, d.size(), what);
        TextExample second = d.examples().get(1);
        assertEquals(layout.index() == TsvLayout.NONE ? 1 : 11, second.index(), what);
        assertEquals("cell " + layout.textA() + " row 1", second.textA(), what);
        if (tsv.sentencePair()) {
          assertEquals("cell " + layout.textB() + " row 1", second.textB(), what);
        } else {
          assertNull(second.textB(), what);
        }
        assertEquals(
            split.labeled() ? label : null,
            second.gold() == null ? null : second.gold().text(),
            what);
        checked++;
      }
    }
    // 10 GLUE tasks with train/dev/test, AX with dev/test.
    assertEquals(10 * 3 + 2, checked);
  }
}
