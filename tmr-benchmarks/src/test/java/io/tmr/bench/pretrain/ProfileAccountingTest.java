package io.tmr.bench.pretrain;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.tmr.core.env.JavaExecutable;
import io.tmr.core.tensor.Simd;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * The step profile accounts for each piece of work once. The profiler is switched on by a system
 * property read when its class loads, so the profiled step runs in a child JVM: one thread, thread
 * CPU time, where named sections are disjoint intervals of the step and so can never add up to more
 * than it. A section timed inside another counts that time twice; the remainder turns negative once
 * the doubled time exceeds the untimed bookkeeping (at shape A the dropout mask, timed inside the
 * dropout that applied it, did: -1.1 ms per step).
 */
class ProfileAccountingTest {
  @Test
  void namedSectionsNeverAddUpToMoreThanTheStepAndCoverMostOfIt() throws Exception {
    // The child runs the step as `tmr bench pretrain` does: Vector API kernels included.
    List<String> command = new ArrayList<>(List.of(JavaExecutable.current()));
    command.addAll(Simd.jvmOptions());
    command.addAll(
        List.of(
            "-Dtmr.profile=cpu",
            "-Dtmr.threads=1",
            "-cp",
            System.getProperty("java.class.path"),
            ProfiledStep.class.getName()));
    ProcessBuilder pb = new ProcessBuilder(command);
    pb.environment().put("OMP_NUM_THREADS", "1");
    pb.redirectErrorStream(true);
    Process p = pb.start();
    String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    assertTrue(p.waitFor(300, TimeUnit.SECONDS), out);
    assertEquals(0, p.exitValue(), out);
    Map<String, Double> sections = new LinkedHashMap<>();
    out.lines()
        .filter(l -> l.startsWith("section\t"))
        .forEach(l -> sections.put(l.split("\t")[1], Double.parseDouble(l.split("\t")[2])));
    double step =
        Double.parseDouble(
            out.lines()
                .filter(l -> l.startsWith("step\t"))
                .findFirst()
                .orElseThrow(() -> new AssertionError("no step line in:\n" + out))
                .split("\t")[1]);
    // Dropout is applied inside the LayerNorm passes that it is fused with (float32 training).
    for (String s :
        new String[] {
          "dropout mask",
          "layernorm with dropout+residual",
          "layernorm backward with dropout",
          "softmax",
          "softmax backward",
          "layernorm",
          "layernorm backward",
          "bias grad (fused column sums)"
        }) {
      assertTrue(sections.getOrDefault(s, 0.0) > 0, s + " not timed: " + sections);
    }
    double outside = sections.get(PretrainBenchmark.UNACCOUNTED);
    double named = step - outside;
    // The CPU clock counts in nanoseconds; 1 microsecond per step allows for rounding only.
    assertTrue(outside >= -1e-3, "sections add up to " + named + " ms of a " + step + " ms step");
    assertTrue(named >= 0.8 * step, "sections cover " + named + " of " + step + " ms");
  }

  /** Runs a few profiled steps of the tiny shape and prints the per-step sections. */
  public static final class ProfiledStep {
    public static void main(String[] args) {
      PretrainBenchmark.Result r = PretrainBenchmark.run("tiny", 4, 64, 2, 4);
      double step = 0;
      for (PretrainBenchmark.Section s : r.profile()) {
        System.out.println("section\t" + s.name() + "\t" + s.msPerStep());
        step += s.msPerStep();
      }
      System.out.println("step\t" + step);
    }
  }
}
