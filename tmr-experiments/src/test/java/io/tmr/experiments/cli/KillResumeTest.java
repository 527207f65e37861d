package io.tmr.experiments.cli;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.tmr.core.corpus.CorpusBuilder;
import io.tmr.core.io.SafeTensors;
import io.tmr.models.artefact.Checkpoint;
import io.tmr.models.pretrain.TestCorpus;
import java.io.File;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A pretraining run (TMR, replay on) in a child JVM is killed with SIGKILL at a random step,
 * resumed with {@code tmr pretrain --resume}, and must end with a final checkpoint bit-identical to
 * an uninterrupted run's.
 */
@Tag("slow")
class KillResumeTest {
  @TempDir Path tmp;

  @Test
  void sigkilledRunResumesToABitIdenticalFinalCheckpoint() throws Exception {
    Path home = tmp.resolve("home");
    System.setProperty("tmr.home", home.toString());
    Path docs = TestCorpus.writeDocuments(tmp.resolve("docs"), 40, 40);
    Path corpus = tmp.resolve("corpus");
    new CorpusBuilder().addDirectory(docs).validationFraction(0.1).build(corpus);
    List<String> args = new ArrayList<>(List.of("pretrain", "--replay"));
    for (String s :
        new String[] {
          "data.corpus=" + corpus,
          "data.seqLength=32",
          "model.hidden=32",
          "model.embeddingSize=16",
          "model.layers=1",
          "model.heads=2",
          "train.batchSize=8",
          "train.steps=40",
          "train.warmupSteps=4",
          "log.every=1",
          "eval.every=20",
          "eval.batches=1",
          "checkpoint.every=3",
          "checkpoint.keep=3",
          "replay.capacity=48",
          "replay.generatorInterval=2"
        }) {
      args.add("--set");
      args.add(s);
    }
    List<String> full = new ArrayList<>(args);
    full.addAll(List.of("--run-dir", tmp.resolve("full").toString()));
    assertEquals(0, TmrCli.execute(full.toArray(new String[0])));

    Path killed = tmp.resolve("killed");
    List<String> cmd =
        new ArrayList<>(
            List.of(
                Paths.get(System.getProperty("java.home"), "bin", "java").toString(),
                "-Xmx1g",
                "-Dtmr.home=" + home,
                "-cp",
                System.getProperty("java.class.path"),
                TmrCli.class.getName()));
    cmd.addAll(args);
    cmd.addAll(List.of("--run-dir", killed.toString()));
    Process child =
        new ProcessBuilder(cmd)
            .redirectErrorStream(true)
            .redirectOutput(tmp.resolve("child.log").toFile())
            .start();
    // A random checkpoint to reach before the kill, from a logged seed: -Dtmr.test.killSeed=N
    // replays a failure.
    long killSeed = Long.getLong("tmr.test.killSeed", System.nanoTime());
    int killAfter = 7 + new java.util.Random(killSeed).nextInt(20);
    System.out.printf(
        "KillResumeTest: kill after checkpoint step %d (seed %d; rerun with -Dtmr.test.killSeed=%d)%n",
        killAfter, killSeed, killSeed);
    long deadline = System.nanoTime() + TimeUnit.MINUTES.toNanos(5);
    while (System.nanoTime() < deadline && child.isAlive()) {
      Path latest = Checkpoint.latest(killed.resolve("checkpoints"));
      if (latest != null && Checkpoint.stepOf(latest) >= killAfter) {
        break;
      }
      Thread.sleep(20);
    }
    assertTrue(
        child.isAlive(),
        "the child finished before it could be killed: "
            + Files.readString(tmp.resolve("child.log")));
    child.destroyForcibly(); // SIGKILL on Linux
    child.waitFor(30, TimeUnit.SECONDS);
    long killedAt = Checkpoint.stepOf(Checkpoint.latest(killed.resolve("checkpoints")));
    assertTrue(killedAt < 40, "killed before the end");

    assertEquals(0, TmrCli.execute("pretrain", "--resume", killed.toString()));
    Map<String, SafeTensors.Tensor> a =
        SafeTensors.read(Checkpoint.latest(tmp.resolve("full/checkpoints"))).tensors();
    Map<String, SafeTensors.Tensor> b =
        SafeTensors.read(Checkpoint.latest(killed.resolve("checkpoints"))).tensors();
    assertEquals(a.keySet(), b.keySet());
    for (String k : a.keySet()) {
      assertArrayEquals(
          a.get(k).data(),
          b.get(k).data(),
          "tensor "
              + k
              + " differs after kill at step "
              + killedAt
              + " and resume (kill seed "
              + killSeed
              + ")");
    }
    // metrics.csv: every column but wall-clock timings is identical.
    Map<String, double[]> ma = io.tmr.core.run.MetricsLog.read(tmp.resolve("full/metrics.csv"));
    Map<String, double[]> mb = io.tmr.core.run.MetricsLog.read(killed.resolve("metrics.csv"));
    assertEquals(ma.keySet(), mb.keySet());
    for (String col : ma.keySet()) {
      if (!col.endsWith("_ms") && !col.endsWith("_ms_total") && !col.equals("tokens_per_s")) {
        assertArrayEquals(
            ma.get(col), mb.get(col), "metrics column " + col + " (kill seed " + killSeed + ")");
      }
    }
    assertTrue(new File(killed.resolve("manifest.json").toString()).exists());
  }
}
