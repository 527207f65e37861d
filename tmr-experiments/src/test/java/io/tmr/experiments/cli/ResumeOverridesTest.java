package io.tmr.experiments.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.tmr.core.run.MetricsLog;
import io.tmr.models.artefact.Checkpoint;
import io.tmr.models.pretrain.TestCorpus;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code tmr pretrain --resume RUN --set K=V}: bookkeeping options (how often to log, evaluate and
 * checkpoint, the time budget) may change and are written into the run's config.yaml and manifest;
 * options the results depend on are refused, leaving the run untouched.
 */
class ResumeOverridesTest {
  @TempDir Path tmp;

  @Test
  void bookkeepingOptionsChangeOnResumeAndOthersAreRefused() throws Exception {
    Path corpus = TestCorpus.build(tmp, 4);
    Path run = tmp.resolve("run");
    List<String> args = new ArrayList<>(List.of("pretrain", "--run-dir", run.toString()));
    for (String s :
        TestCorpus.tinyModel(
            corpus,
            "train.batchSize=4",
            "train.steps=6",
            "train.warmupSteps=2",
            "log.every=3",
            "eval.every=100",
            "eval.batches=1",
            "checkpoint.every=3",
            "checkpoint.keep=5")) {
      args.add("--set");
      args.add(s);
    }
    String[] r = TestCli.run(args.toArray(String[]::new));
    assertEquals("0", r[0], r[1] + r[2]);
    // As if the run had been stopped after step 3: keep only that checkpoint.
    List<Path> checkpoints = Checkpoint.allNewestFirst(run.resolve("checkpoints"));
    assertEquals(2, checkpoints.size(), checkpoints.toString());
    Files.delete(checkpoints.get(0));
    assertEquals(3, Checkpoint.stepOf(checkpoints.get(1)));
    String before = Files.readString(run.resolve("config.yaml"));

    // Refused: the run's length is part of its result. Nothing about the run changes.
    r = TestCli.run("pretrain", "--resume", run.toString(), "--set", "train.steps=12");
    assertEquals("1", r[0], r[1] + r[2]);
    assertTrue(
        r[2].contains("--set train.steps cannot change when a run is resumed")
            && r[2].contains("log.every"),
        r[2]);
    assertEquals(before, Files.readString(run.resolve("config.yaml")));

    r = TestCli.run("pretrain", "--resume", run.toString(), "--replay");
    assertEquals("1", r[0], r[1] + r[2]);
    assertTrue(r[2].contains("cannot be combined with --resume"), r[2]);

    // Allowed: log every step from here on.
    r = TestCli.run("pretrain", "--resume", run.toString(), "--set", "log.every=1");
    assertEquals("0", r[0], r[1] + r[2]);
    assertTrue(r[2].contains("resuming " + run + " with log.every=1"), r[2]);
    String after = Files.readString(run.resolve("config.yaml"));
    assertTrue(after.contains("every: 1") || after.contains("log.every: 1"), after);
    Map<String, double[]> m = MetricsLog.read(run.resolve("metrics.csv"));
    double[] steps = m.get("step");
    // Logged at 0 (the first evaluation) and 3 before the resume, then at every step: 4, 5, 6.
    assertEquals(List.of(0.0, 3.0, 4.0, 5.0, 6.0), toList(steps));
    JsonNode manifest = new ObjectMapper().readTree(run.resolve("manifest.json").toFile());
    JsonNode resumes = manifest.path("resumes");
    assertEquals(1, resumes.size(), manifest.toString());
    assertEquals("log.every=1", resumes.get(0).path("overrides").get(0).asText());
    assertEquals(1, manifest.path("config").path("log.every").asInt(), manifest.toString());
  }

  private static List<Double> toList(double[] a) {
    List<Double> out = new ArrayList<>();
    for (double d : a) {
      out.add(d);
    }
    return out;
  }
}
