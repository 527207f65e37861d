package io.tmr.bench.task;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.tmr.bench.glue.RteTask;
import java.io.IOException;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class TaskRegistryTest {

  private static final List<String> BUILT_IN =
      List.of(
          "CoLA",
          "SST-2",
          "MRPC",
          "STS-B",
          "QQP",
          "MNLI-m",
          "MNLI-mm",
          "QNLI",
          "RTE",
          "WNLI",
          "AX",
          "SQuAD-v1.1",
          "SQuAD-v2.0");

  @Test
  void serviceLoaderFindsEveryBuiltInTask() {
    TaskRegistry registry = TaskRegistry.load();
    assertEquals(BUILT_IN, registry.names());
    assertEquals(TaskKind.REGRESSION, registry.get("STS-B").kind());
    assertEquals(TaskKind.EXTRACTIVE_QA, registry.get("SQuAD-v2.0").kind());
    assertEquals(QaScoring.SQUAD_V1_1, registry.qaTask("squad-v1.1").scoring());
  }

  @Test
  void lookupIgnoresCaseAndSeparatorsButKeepsMnliVariantsApart() {
    TaskRegistry registry = TaskRegistry.load();
    assertEquals("SST-2", registry.get("sst2").name());
    assertEquals("STS-B", registry.get("sts_b").name());
    assertEquals("MNLI-m", registry.get("mnli-m").name());
    assertEquals("MNLI-mm", registry.get("MNLI_MM").name());
    IllegalArgumentException e =
        assertThrows(IllegalArgumentException.class, () -> registry.get("MNLI"));
    assertTrue(e.getMessage().contains("known tasks: CoLA, SST-2"), e.getMessage());
    assertThrows(IllegalArgumentException.class, () -> registry.qaTask("RTE"));
    assertThrows(IllegalArgumentException.class, () -> registry.textTask("SQuAD-v1.1"));
  }

  @Test
  void rejectsDuplicateNamesAndTasksOfNeitherKind() {
    assertThrows(
        IllegalArgumentException.class,
        () -> TaskRegistry.of(List.of(new RteTask(), new RteTask())));
    Task bare =
        new Task() {
          @Override
          public String name() {
            return "Bare";
          }

          @Override
          public TaskKind kind() {
            return TaskKind.CLASSIFICATION;
          }
        };
    assertThrows(IllegalArgumentException.class, () -> TaskRegistry.of(List.of(bare)));
  }

  /**
   * A user task on the class path is found through its own services file, no harness change needed.
   */
  @Test
  void aUserTaskIsAddedByAServicesFileAlone(@TempDir Path dir) throws IOException {
    Path services = dir.resolve("META-INF/services/" + Task.class.getName());
    Files.createDirectories(services.getParent());
    Files.writeString(services, UserPolarityTask.class.getName() + "\n");
    try (URLClassLoader loader =
        new URLClassLoader(
            new URL[] {dir.toUri().toURL()}, TaskRegistryTest.class.getClassLoader())) {
      TaskRegistry registry = TaskRegistry.load(loader);
      assertEquals(BUILT_IN.size() + 1, registry.names().size());
      TextTask polarity = registry.textTask("user-polarity");
      assertSame(UserPolarityTask.class, polarity.getClass());
      Path data =
          Files.writeString(
              dir.resolve("train.tsv"), "text\tpolarity\ngreat film\tpos\ndull\tneg\n");
      TextDataset d = polarity.read(data, Split.TRAIN, ReadOptions.defaults());
      assertEquals(List.of(1, 0), d.examples().stream().map(TextExample::classId).toList());
    }
  }
}
