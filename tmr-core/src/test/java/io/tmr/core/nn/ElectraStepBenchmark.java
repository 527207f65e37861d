package io.tmr.core.nn;

import io.tmr.core.optim.AdamW;
import io.tmr.core.optim.GradientClipping;
import io.tmr.core.tensor.Blas;
import io.tmr.core.tensor.Parallel;
import io.tmr.core.tensor.Profiler;
import io.tmr.core.tensor.RandomStream;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.factory.Nd4j;

/**
 * A preview of the whole ELECTRA pretraining step built from these layers (generator with hidden
 * H/4 on shared embeddings, MLM head with tied output on 19 masked positions per sequence, softmax
 * CE, discriminator, RTD head, BCE x 50, global-norm clipping, AdamW) at batch 32 x 128, float32.
 * Replacement sampling is not included (the pretraining loop owns it). Prints wall-clock and the
 * CPU-time idle-machine estimate (see {@link EncoderBenchmark}). Arguments: shapes ("A,B,C"),
 * steps.
 */
public final class ElectraStepBenchmark {
  private static final int BATCH = 32;
  private static final int SEQ = 128;
  private static final int MASKED_PER_SEQUENCE = 19;

  record Shape(String name, int hidden, int layers, int heads, int embedding, int vocab) {
    int generatorHidden() {
      return hidden / 4;
    }

    int generatorHeads() {
      return Math.max(1, generatorHidden() / 64);
    }
  }

  private static final List<Shape> SHAPES =
      List.of(
          new Shape("A", 128, 2, 2, 128, 8000),
          new Shape("B", 256, 4, 4, 256, 8000),
          new Shape("C", 256, 12, 4, 128, 30522));

  public static void main(String[] args) throws IOException {
    String which = args.length > 0 ? args[0] : "A,B,C";
    int steps = args.length > 1 ? Integer.parseInt(args[1]) : 3;
    Nd4j.create(DataType.FLOAT, 1);
    Integer blasThreads = Integer.getInteger("tmr.blasThreads");
    if (blasThreads != null) {
      Blas.setThreads(blasThreads);
    }
    System.out.printf(
        "threads: Java loops %d, OpenBLAS %d; OPENBLAS_CORETYPE=%s; load average %s%n",
        Parallel.threads(),
        Blas.threads(),
        System.getenv("OPENBLAS_CORETYPE"),
        Files.readString(Path.of("/proc/loadavg")).trim());
    for (Shape s : SHAPES) {
      if (which.contains(s.name)) {
        run(s, steps);
      }
    }
    System.out.printf("peak RSS %.2f GB%n", EncoderBenchmark.peakRssGb());
  }

  /** Analytic GEMM FLOPs of one step (forward + backward = 3 x forward). */
  static double stepFlops(Shape s) {
    double t = BATCH * SEQ;
    double n = BATCH * MASKED_PER_SEQUENCE;
    double disc =
        encoderForward(t, s.hidden, 4 * s.hidden, s.layers, s.embedding)
            + 2 * t * s.hidden * (s.hidden + 1);
    int g = s.generatorHidden();
    double gen =
        encoderForward(t, g, 4 * g, s.layers, s.embedding)
            + 2 * n * g * s.embedding
            + 2 * n * s.embedding * s.vocab;
    return 3 * (disc + gen);
  }

  private static double encoderForward(double t, int h, int ffn, int layers, int embedding) {
    double perLayer = 2 * t * (4.0 * h * h + 2.0 * h * ffn) + 4 * t * SEQ * h;
    return layers * perLayer + (embedding != h ? 2 * t * embedding * h : 0);
  }

  static void run(Shape s, int steps) {
    RandomStream init = new RandomStream(1);
    EmbeddingConfig ec = EmbeddingConfig.of(s.vocab, s.embedding);
    EncoderModel discriminator =
        EncoderModel.create("electra", ec, TransformerConfig.of(s.hidden, s.layers, s.heads), init);
    EncoderModel generator =
        EncoderModel.withEmbeddings(
            "generator",
            discriminator.embeddings().sharing(),
            TransformerConfig.of(s.generatorHidden(), s.layers, s.generatorHeads()),
            init);
    MlmHead mlm =
        new MlmHead(
            "generator_predictions",
            "generator_lm_head",
            s.generatorHidden(),
            discriminator.embeddings().wordEmbeddings(),
            1e-12,
            Gelu.ERF,
            s.layers + 2,
            init,
            0.02);
    DiscriminatorHead rtd =
        new DiscriminatorHead(
            "discriminator_predictions",
            s.hidden,
            Gelu.ERF,
            s.layers + 2,
            DataType.FLOAT,
            init,
            0.02);
    List<Parameter> params = Parameters.of(discriminator, rtd, generator, mlm);
    AdamW adam = new AdamW(params, AdamW.Config.electra());
    SoftmaxCrossEntropy ce = new SoftmaxCrossEntropy();
    SigmoidBinaryCrossEntropy bce = new SigmoidBinaryCrossEntropy(DataType.FLOAT);

    int tokens = BATCH * SEQ;
    RandomStream data = new RandomStream(2);
    int[] ids = new int[tokens];
    int[] corrupted = new int[tokens];
    int[] rtdLabels = new int[tokens];
    int[] positions = new int[BATCH * MASKED_PER_SEQUENCE];
    int[] mlmLabels = new int[positions.length];
    for (int i = 0; i < tokens; i++) {
      ids[i] = data.nextInt(s.vocab);
      corrupted[i] = ids[i];
    }
    for (int b = 0; b < BATCH; b++) {
      for (int k = 0; k < MASKED_PER_SEQUENCE; k++) {
        int row = b * SEQ + 1 + k * 6;
        positions[b * MASKED_PER_SEQUENCE + k] = row;
        mlmLabels[b * MASKED_PER_SEQUENCE + k] = ids[row];
        if (k % 3 == 0) {
          corrupted[row] = data.nextInt(s.vocab);
          rtdLabels[row] = 1;
        }
      }
    }
    AttentionMask mask = AttentionMask.full(BATCH, SEQ);
    RandomStream dropout = new RandomStream(3);
    Runnable step =
        () -> {
          Context ctx = Context.training(dropout);
          long t = Profiler.start();
          Parameters.zeroGrads(params);
          Profiler.end("[zero grads]", t);
          t = Profiler.start();
          var gh = generator.forward(ids, null, mask, ctx);
          Profiler.end("[generator forward]", t);
          t = Profiler.start();
          var logits = mlm.forward(gh, positions, positions.length);
          Profiler.end("[mlm head forward]", t);
          t = Profiler.start();
          ce.forward(logits, mlmLabels);
          Profiler.end("[cross-entropy forward]", t);
          t = Profiler.start();
          var dh = discriminator.forward(corrupted, null, mask, ctx);
          bce.forward(rtd.forward(dh), rtdLabels, mask, null);
          Profiler.end("[discriminator forward]", t);
          t = Profiler.start();
          var dLogits = ce.backward(1.0);
          Profiler.end("[cross-entropy backward]", t);
          t = Profiler.start();
          var dgh = mlm.backward(dLogits);
          Profiler.end("[mlm head backward]", t);
          t = Profiler.start();
          generator.backward(dgh);
          Profiler.end("[generator backward]", t);
          t = Profiler.start();
          discriminator.backward(rtd.backward(bce.backward(50.0)));
          Profiler.end("[discriminator backward]", t);
          t = Profiler.start();
          GradientClipping.clipByGlobalNorm(params, 1.0);
          Profiler.end("[clip]", t);
          t = Profiler.start();
          adam.step(1e-4);
          Profiler.end("[adamw]", t);
        };
    step.run();
    Profiler.reset();
    double best = Double.MAX_VALUE;
    double bestCpu = Double.MAX_VALUE;
    for (int i = 0; i < steps; i++) {
      long c0 = EncoderBenchmark.processCpuNanos();
      long t0 = System.nanoTime();
      step.run();
      best = Math.min(best, (System.nanoTime() - t0) / 1e9);
      bestCpu = Math.min(bestCpu, (EncoderBenchmark.processCpuNanos() - c0) / 1e9);
    }
    int cores = Math.max(Parallel.threads(), Blas.threads());
    double flops = stepFlops(s);
    System.out.printf(
        "ELECTRA step %s (disc H %d, gen H %d, L %d, E %d, V %d, %,d params, %.1f GFLOP/step): wall %.3f s -> %,.0f tokens/s; "
            + "CPU %.3f s over %d threads -> idle-machine estimate %,.0f tokens/s, %.1f GFLOP/s%n",
        s.name,
        s.hidden,
        s.generatorHidden(),
        s.layers,
        s.embedding,
        s.vocab,
        Parameters.count(params),
        flops / 1e9,
        best,
        tokens / best,
        bestCpu,
        cores,
        tokens / (bestCpu / cores),
        flops / (bestCpu / cores) / 1e9);
    if (Profiler.ENABLED) {
      double total = best * steps;
      Profiler.seconds().entrySet().stream()
          .sorted((x, y) -> Double.compare(y.getValue(), x.getValue()))
          .forEach(
              e ->
                  System.out.printf(
                      "    %-26s %7.1f ms/step (%d calls)%n",
                      e.getKey(), 1e3 * e.getValue() / steps, Profiler.calls(e.getKey())));
    }
  }
}
