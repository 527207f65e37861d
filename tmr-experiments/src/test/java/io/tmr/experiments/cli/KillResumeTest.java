package io.tmr.experiments.cli;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.tmr.core.corpus.CorpusBuilder;
import io.tmr.core.io.SafeTensors;
import io.tmr.core.run.MetricsLog;
import io.tmr.models.artefact.Checkpoint;
import io.tmr.models.pretrain.TestCorpus;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.TreeSet;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Chaos as a test: a TMR run (replay on, prioritised, loss-difference) in child JVMs is killed with
 * SIGKILL at 20 steps drawn from a logged seed, and stopped with SIGTERM at 5 more, each time
 * resumed with {@code tmr pretrain --resume}; it must end bit-identical to an uninterrupted run:
 * parameters, optimizer moments, the replay buffer's bytes and every metrics.csv value but the
 * timings. A SIGTERM must leave a checkpoint at the step it stopped, a manifest saying {@code
 * interrupted}, and exit code 143. {@code -Dtmr.test.killSeed=N} replays a failure.
 */
@Tag("slow")
class KillResumeTest {
  private static final int STEPS = 300;

  @TempDir Path tmp;

  @Test
  void killedAndStoppedRunsResumeToTheUninterruptedRunBitForBit() throws Exception {
    Path home = tmp.resolve("home");
    System.setProperty("tmr.home", home.toString());
    Path docs = TestCorpus.writeDocuments(tmp.resolve("docs"), 40, 40);
    Path corpus = tmp.resolve("corpus");
    new CorpusBuilder().addDirectory(docs).validationFraction(0.1).build(corpus);
    List<String> args = new ArrayList<>(List.of("pretrain", "--replay"));
    for (String s :
        TestCorpus.tinyModel(
            corpus,
            "train.batchSize=8",
            "train.steps=" + STEPS,
            "train.warmupSteps=4",
            "log.every=1",
            "eval.every=100",
            "eval.batches=1",
            "checkpoint.every=7",
            "checkpoint.keep=3",
            "replay.capacity=48",
            "replay.weight=loss-difference",
            "replay.strategy=prioritized",
            "replay.generatorInterval=2")) {
      args.add("--set");
      args.add(s);
    }
    List<String> full = new ArrayList<>(args);
    full.addAll(List.of("--run-dir", tmp.resolve("full").toString()));
    assertEquals(0, TmrCli.execute(full.toArray(new String[0])));

    long seed = Long.getLong("tmr.test.killSeed", System.nanoTime());
    Random random = new Random(seed);
    TreeSet<Integer> kills = new TreeSet<>();
    while (kills.size() < 20) {
      kills.add(1 + random.nextInt(STEPS - 40));
    }
    TreeSet<Integer> terms = new TreeSet<>();
    while (terms.size() < 5) {
      int t = STEPS - 40 + random.nextInt(35);
      terms.add(t);
    }
    System.out.printf(
        "KillResumeTest: seed %d (rerun with -Dtmr.test.killSeed=%d); SIGKILL after steps %s, SIGTERM after %s%n",
        seed, seed, kills, terms);

    Path run = tmp.resolve("chaos");
    boolean started = false;
    for (int target : kills) {
      Process child = start(home, args, run, started);
      started = true;
      waitForStep(child, run, target);
      child.destroyForcibly(); // SIGKILL
      child.waitFor(30, TimeUnit.SECONDS);
    }
    for (int target : terms) {
      // A row past the checkpoint it resumes from: written by this child, so its signal handler is
      // installed (metrics.csv keeps the rows up to that checkpoint; a target at or below it would
      // send SIGTERM while the JVM is still starting).
      int from = (int) Checkpoint.stepOf(Checkpoint.latest(run.resolve("checkpoints")));
      Process child = start(home, args, run, true);
      waitForStep(child, run, Math.max(target, from + 1));
      child.destroy(); // SIGTERM
      assertTrue(child.waitFor(60, TimeUnit.SECONDS), "a SIGTERMed run ends within a minute");
      String manifest = Files.readString(run.resolve("manifest.json"));
      assertEquals(
          143,
          child.exitValue(),
          "exit code 128 + 15; log: " + Files.readString(tmp.resolve("child.log")));
      assertTrue(manifest.contains("\"status\" : \"interrupted: SIGTERM at step "), manifest);
      int stoppedAt =
          Integer.parseInt(
              manifest.replaceAll("(?s).*interrupted: SIGTERM at step (\\d+).*", "$1"));
      assertEquals(
          stoppedAt,
          Checkpoint.stepOf(Checkpoint.latest(run.resolve("checkpoints"))),
          "the interrupted step is checkpointed");
      String log = Files.readString(tmp.resolve("child.log"));
      assertTrue(
          log.contains("interrupted: SIGTERM at step " + stoppedAt), "one line says so: " + log);
    }
    assertEquals(0, TmrCli.execute("pretrain", "--resume", run.toString()));

    Map<String, SafeTensors.Tensor> a =
        SafeTensors.read(Checkpoint.latest(tmp.resolve("full/checkpoints"))).tensors();
    Map<String, SafeTensors.Tensor> b =
        SafeTensors.read(Checkpoint.latest(run.resolve("checkpoints"))).tensors();
    assertEquals(a.keySet(), b.keySet());
    for (String k : a.keySet()) {
      if (!k.equals("__vocab__")) {
        assertArrayEquals(
            a.get(k).data(), b.get(k).data(), "tensor " + k + " differs (seed " + seed + ")");
      }
    }
    Map<String, double[]> ma = MetricsLog.read(tmp.resolve("full/metrics.csv"));
    Map<String, double[]> mb = MetricsLog.read(run.resolve("metrics.csv"));
    assertEquals(ma.keySet(), mb.keySet());
    for (String col : ma.keySet()) {
      if (!col.endsWith("_ms") && !col.endsWith("_ms_total") && !col.equals("tokens_per_s")) {
        assertArrayEquals(
            ma.get(col), mb.get(col), "metrics column " + col + " (seed " + seed + ")");
      }
    }
  }

  private Process start(Path home, List<String> args, Path run, boolean resume) throws Exception {
    List<String> cmd =
        new ArrayList<>(
            List.of(
                Paths.get(System.getProperty("java.home"), "bin", "java").toString(),
                "-Xmx1g",
                "-Dtmr.home=" + home,
                "-cp",
                System.getProperty("java.class.path"),
                TmrCli.class.getName()));
    if (resume) {
      cmd.addAll(List.of("pretrain", "--resume", run.toString()));
    } else {
      cmd.addAll(args);
      cmd.addAll(List.of("--run-dir", run.toString()));
    }
    return new ProcessBuilder(cmd)
        .redirectErrorStream(true)
        .redirectOutput(tmp.resolve("child.log").toFile())
        .start();
  }

  /** Waits until the run's metrics.csv holds a row at {@code step} or later. */
  private void waitForStep(Process child, Path run, int step) throws Exception {
    long deadline = System.nanoTime() + TimeUnit.MINUTES.toNanos(3);
    Path metrics = run.resolve("metrics.csv");
    while (System.nanoTime() < deadline && child.isAlive()) {
      if (Files.isRegularFile(metrics)) {
        List<String> lines = Files.readAllLines(metrics);
        String last = lines.isEmpty() ? "" : lines.get(lines.size() - 1);
        int comma = last.indexOf(',');
        if (comma > 0 && !last.startsWith("step")) {
          try {
            if (Double.parseDouble(last.substring(0, comma)) >= step) {
              return;
            }
          } catch (NumberFormatException partialLine) {
            // a row being written
          }
        }
      }
      Thread.sleep(5);
    }
    assertTrue(
        child.isAlive(),
        "the run ended before step " + step + ": " + Files.readString(tmp.resolve("child.log")));
  }
}
