package io.tmr.experiments.sweep;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.tmr.experiments.registry.Evaluation;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class TrialRunnerTest {
  @TempDir Path tmp;

  private final List<List<String>> calls = new ArrayList<>();

  /** A pretraining stand-in that records its arguments and leaves a run with the given status. */
  private TrialRunner.Pretrain pretrain(String status, int rc) {
    return args -> {
      calls.add(args);
      Path run = Path.of(args.get(2));
      try {
        Files.createDirectories(run);
        Files.writeString(run.resolve("manifest.json"), "{\"status\": \"" + status + "\"}");
      } catch (Exception e) {
        throw new IllegalStateException(e);
      }
      return rc;
    };
  }

  private Path trial(Evaluation e) throws Exception {
    SweepDefinition d =
        SweepDirectoryTest.def(List.of("train.steps=5"), "replay.capacity=64", List.of(3L), e);
    SweepDirectory s = SweepDirectory.open(tmp.resolve("sweep"), d);
    return s.trialDir(s.trials().get(0).id());
  }

  @Test
  void aNewTrialStartsItsRunWithItsOverridesAndSeed() throws Exception {
    Path td = trial(Evaluation.pretrainingOnly());
    int rc =
        new TrialRunner(
                pretrain("completed", 0),
                (r, o, e, l) -> {
                  throw new AssertionError("no evaluation expected");
                })
            .run(td);
    assertEquals(0, rc);
    assertEquals(
        List.of(
            "pretrain",
            "--run-dir",
            td.resolve("run").toString(),
            "--set",
            "replay.capacity=64",
            "--set",
            "train.steps=5",
            "--set",
            "run.seed=3",
            "--set",
            "run.name=s"),
        calls.get(0));
    assertEquals(
        "completed", SweepDirectory.readJson(td.resolve("status.json")).path("state").asText());
    assertEquals(1, SweepDirectory.readJson(td.resolve("status.json")).path("attempt").asInt());
    assertTrue(TrialState.read(td, Evaluation.pretrainingOnly()).finished());
  }

  @Test
  void anInterruptedRunIsResumedNotRestarted() throws Exception {
    Path td = trial(Evaluation.pretrainingOnly());
    SweepDirectoryTest.fakeRun(td, "running");
    int rc =
        new TrialRunner(
                args -> {
                  calls.add(args);
                  try {
                    SweepDirectoryTest.fakeRun(td, "completed");
                  } catch (Exception e) {
                    throw new IllegalStateException(e);
                  }
                  return 0;
                },
                (r, o, e, l) -> {})
            .run(td);
    assertEquals(0, rc);
    assertEquals(List.of(List.of("pretrain", "--resume", td.resolve("run").toString())), calls);
  }

  @Test
  void failedPretrainingIsRecordedAndReturnsOne() throws Exception {
    Path td = trial(Evaluation.pretrainingOnly());
    int rc = new TrialRunner(pretrain("failed: loss became NaN", 1), (r, o, e, l) -> {}).run(td);
    assertEquals(1, rc);
    var status = SweepDirectory.readJson(td.resolve("status.json"));
    assertEquals("failed", status.path("state").asText());
    assertEquals("pretraining exited with code 1", status.path("message").asText());
    assertEquals(
        "pretraining exited with code 1",
        TrialState.read(td, Evaluation.pretrainingOnly()).lastFailure());
    // A second attempt counts up.
    new TrialRunner(pretrain("completed", 0), (r, o, e, l) -> {}).run(td);
    assertEquals(2, SweepDirectory.readJson(td.resolve("status.json")).path("attempt").asInt());
  }

  @Test
  void evaluationRunsAfterPretrainingAndOnlyWhenMissing() throws Exception {
    Evaluation glue = new Evaluation(List.of("rte", "mrpc"), "", List.of(1L, 2L), List.of());
    Path td = trial(glue);
    List<Path> evaluated = new ArrayList<>();
    DownstreamEvaluator fake =
        (runDir, out, e, log) -> {
          evaluated.add(runDir);
          Files.createDirectories(out.resolve("rte"));
          Files.createDirectories(out.resolve("mrpc"));
          Files.writeString(
              out.resolve("rte/results.json"),
              "{\"task\": \"RTE\", \"metrics\": {\"accuracy\": {\"values\": [60.0, 62.0]}}}");
          Files.writeString(
              out.resolve("mrpc/results.json"),
              "{\"task\": \"MRPC\", \"metrics\": {\"accuracy\": {\"values\": [70.0, 72.0]}, \"f1\": {\"values\": [80.0, 84.0]}}}");
        };
    assertEquals(0, new TrialRunner(pretrain("completed", 0), fake).run(td));
    assertEquals(List.of(td.resolve("run")), evaluated);
    assertTrue(TrialState.read(td, glue).finished());
    assertEquals(List.of(75.0, 78.0), FinetuneResults.read(td.resolve("finetune")).get("mrpc"));
    // Finished: a further run neither pretrains nor evaluates.
    calls.clear();
    assertEquals(0, new TrialRunner(pretrain("completed", 0), fake).run(td));
    assertEquals(List.of(), calls);
    assertEquals(1, evaluated.size());
  }

  @Test
  void finetuneCommandLineCarriesTasksSeedsAndOptions() {
    Evaluation e =
        new Evaluation(
            List.of("rte", "mrpc"),
            "by-article",
            List.of(1L, 2L, 3L),
            List.of("epochs=rte=2", "bias-correction=true"));
    assertEquals(
        List.of(
            "finetune",
            "--from",
            "r",
            "--tasks",
            "rte,squad",
            "--seeds",
            "1,2,3",
            "--out",
            "o",
            "--epochs",
            "rte=2",
            "--bias-correction"),
        FinetuneCommandEvaluator.arguments(Path.of("r"), Path.of("o"), List.of("rte", "squad"), e));
    Evaluation file = new Evaluation(List.of(), "/data/squad.json", List.of(4L), List.of());
    assertEquals(
        List.of(
            "finetune",
            "--from",
            "r",
            "--tasks",
            "squad",
            "--seeds",
            "4",
            "--out",
            "o",
            "--squad-file",
            "/data/squad.json"),
        FinetuneCommandEvaluator.arguments(Path.of("r"), Path.of("o"), List.of("squad"), file));
  }
}
