package io.tmr.bench.pretrain;

import io.tmr.core.nn.Context;
import io.tmr.core.nn.Parameter;
import io.tmr.core.nn.Parameters;
import io.tmr.core.optim.AdamW;
import io.tmr.core.optim.GradientClipping;
import io.tmr.core.tensor.RandomStream;
import io.tmr.models.data.MaskedBatch;
import io.tmr.models.data.Masker;
import io.tmr.models.data.MaskingConfig;
import io.tmr.models.electra.CorruptedBatch;
import io.tmr.models.electra.ElectraConfig;
import io.tmr.models.electra.ElectraModel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * One ELECTRA training step on synthetic token ids (uniform over the vocabulary, full-length
 * sequences, ELECTRA masking), timed; the same work as a real step without the data pipeline.
 */
public final class StepHarness {
  public static final int PAD = 0;
  public static final int CLS = 1;
  public static final int SEP = 2;
  public static final int MASK = 3;

  final ElectraModel model;
  final int batch;
  final int seq;
  final MaskedBatch masked;
  final CorruptedBatch corrupted;
  final Masker masker;
  final AdamW optimizer;
  final RandomStream random = new RandomStream(7);
  long step;

  public StepHarness(ElectraConfig config, int batch, int seq) {
    this(config, batch, seq, batch);
  }

  /** A harness whose generator makes {@code generatorRows} rows per step (TMR's fresh-once generator makes fewer than a batch). */
  StepHarness(ElectraConfig config, int batch, int seq, int generatorRows) {
    this.model = new ElectraModel(config, DataType.FLOAT, 11);
    this.batch = batch;
    this.seq = seq;
    MaskingConfig mc = MaskingConfig.electra(seq);
    this.masked = new MaskedBatch(generatorRows, seq, mc.maxPredictions());
    this.corrupted = new CorruptedBatch(generatorRows, seq);
    this.masker = new Masker(mc, MASK, CLS, SEP, PAD);
    this.optimizer = new AdamW(model.parameters(), AdamW.Config.electra());
  }

  public ElectraModel model() {
    return model;
  }

  /** Fresh random ids for the next step ([CLS] ... [SEP], no padding). */
  void fillBatch() {
    int vocab = model.config().vocabSize();
    for (int r = 0; r < masked.batch; r++) {
      for (int t = 0; t < seq; t++) {
        masked.originalIds[r * seq + t] = t == 0 ? CLS : t == seq - 1 ? SEP : 4 + random.nextInt(vocab - 4);
        masked.segmentIds[r * seq + t] = t < seq / 2 ? 0 : 1;
      }
      masked.lengths[r] = seq;
    }
    masker.mask(masked, random);
  }

  /** Timings of one full step in nanoseconds: {total, generator, discriminator, optimizer}. */
  public long[] step() {
    fillBatch();
    long t0 = System.nanoTime();
    Parameters.zeroGrads(model.parameters());
    Context ctx = Context.training(new RandomStream(++step));
    model.generatorStep(masked, corrupted, random, 1.0, 1.0, ctx, true);
    long t1 = System.nanoTime();
    model.discriminatorStep(corrupted, batch, null, 50.0, ctx, true, false);
    long t2 = System.nanoTime();
    GradientClipping.clipByGlobalNorm(model.parameters(), 1.0);
    optimizer.step(1e-4);
    long t3 = System.nanoTime();
    return new long[] {t3 - t0, t1 - t0, t2 - t1, t3 - t2};
  }

  /** Median of the values. */
  public static double median(double[] v) {
    double[] s = v.clone();
    Arrays.sort(s);
    int n = s.length;
    return n % 2 == 1 ? s[n / 2] : (s[n / 2 - 1] + s[n / 2]) / 2;
  }

  /**
   * Float32 GEMM peak in GFLOP/s measured here: [4096, 256] × [256, 1024] into a preallocated
   * f-order result, median of repeated runs (the layout ND4J's BLAS path is fastest with).
   */
  public static double gemmPeakGflops() {
    INDArray a = Nd4j.rand(DataType.FLOAT, 4096, 256);
    INDArray b = Nd4j.rand(DataType.FLOAT, 256, 1024);
    INDArray c = Nd4j.createUninitialized(DataType.FLOAT, new long[] {4096, 1024}, 'f');
    double flops = 2.0 * 4096 * 256 * 1024;
    for (int i = 0; i < 5; i++) {
      a.mmuli(b, c);
    }
    double[] g = new double[15];
    for (int i = 0; i < g.length; i++) {
      long t = System.nanoTime();
      a.mmuli(b, c);
      g[i] = flops / (System.nanoTime() - t);
    }
    return median(g);
  }

  /** Peak resident set size of this process in bytes (VmHWM), or -1 off Linux. */
  public static long peakRssBytes() {
    try {
      for (String line : Files.readAllLines(Path.of("/proc/self/status"), StandardCharsets.UTF_8)) {
        if (line.startsWith("VmHWM:")) {
          return Long.parseLong(line.replaceAll("[^0-9]", "")) * 1024;
        }
      }
    } catch (Exception e) {
      return -1;
    }
    return -1;
  }

  /** Counts parameters (for the report). */
  public long parameterCount() {
    long n = 0;
    for (Parameter p : model.parameters()) {
      n += p.length();
    }
    return n;
  }
}
