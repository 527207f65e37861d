package io.tmr.bench.pretrain;

import io.tmr.core.nn.Parameter;
import io.tmr.core.optim.AdamW;
import io.tmr.core.optim.WarmupLinearDecay;
import io.tmr.core.tensor.Blas;
import io.tmr.core.tensor.Matrix;
import io.tmr.core.tensor.RandomStream;
import io.tmr.models.data.MaskedBatch;
import io.tmr.models.data.Masker;
import io.tmr.models.data.MaskingConfig;
import io.tmr.models.electra.ElectraConfig;
import io.tmr.models.electra.ElectraModel;
import io.tmr.models.pretrain.BatchSource;
import io.tmr.models.pretrain.DiscriminatorFeed;
import io.tmr.models.pretrain.TrainStep;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * The trainer's own {@link TrainStep} on synthetic token ids (uniform over the vocabulary,
 * full-length sequences, ELECTRA masking): the same work as a real step without the data pipeline.
 * The harness is the step's {@link BatchSource}.
 */
public final class StepHarness implements BatchSource {
  public static final int PAD = 0;
  public static final int CLS = 1;
  public static final int SEP = 2;
  public static final int MASK = 3;

  final ElectraModel model;
  final int batch;
  final int seq;
  final Masker masker;
  final RandomStream random = new RandomStream(7);

  public StepHarness(ElectraConfig config, int batch, int seq) {
    this.model = new ElectraModel(config, DataType.FLOAT, 11);
    this.batch = batch;
    this.seq = seq;
    this.masker = new Masker(MaskingConfig.electra(seq), MASK, CLS, SEP, PAD);
  }

  public ElectraModel model() {
    return model;
  }

  /** Fresh random ids for the rows of {@code masked} ([CLS] ... [SEP], no padding), masked. */
  @Override
  public void fill(MaskedBatch masked, long forStep) {
    int vocab = model.config().vocabSize();
    for (int r = 0; r < masked.batch; r++) {
      for (int t = 0; t < seq; t++) {
        masked.originalIds[r * seq + t] =
            t == 0 ? CLS : t == seq - 1 ? SEP : 4 + random.nextInt(vocab - 4);
        masked.segmentIds[r * seq + t] = t < seq / 2 ? 0 : 1;
      }
      masked.lengths[r] = seq;
    }
    masker.mask(masked, random);
  }

  /**
   * The trainer's step over this harness's model and batches with {@code feed}: ELECTRA's settings
   * (discriminator weight 50, clipping at 1, AdamW as the trainer splits it), a constant learning
   * rate of 1e-4.
   */
  public TrainStep trainStep(DiscriminatorFeed feed, int steps) {
    Set<Parameter> genOnly = new HashSet<>(model.generatorOnlyParameters());
    List<Parameter> discSide =
        model.parameters().stream().filter(p -> !genOnly.contains(p)).toList();
    return new TrainStep(
        model,
        new AdamW(discSide, AdamW.Config.electra()),
        new AdamW(model.generatorOnlyParameters(), AdamW.Config.electra()),
        new WarmupLinearDecay(1e-4, 0, Long.MAX_VALUE),
        feed,
        this,
        new TrainStep.Settings(50.0, 1.0, 1.0, 11),
        batch,
        seq,
        MaskingConfig.electra(seq).maxPredictions(),
        steps);
  }

  /** Median of the values. */
  public static double median(double[] v) {
    double[] s = v.clone();
    Arrays.sort(s);
    int n = s.length;
    return n % 2 == 1 ? s[n / 2] : (s[n / 2 - 1] + s[n / 2]) / 2;
  }

  /**
   * Float32 GEMM peak in GFLOP/s measured here: [4096, 256] × [256, 1024], median of repeated runs,
   * the better of two ways of running it on {@link Blas#gemmThreads()} threads: ND4J's {@code
   * mmuli} into a preallocated f-order result on OpenBLAS's own threads (the layout ND4J's BLAS
   * path is fastest with), and TMR's own {@link Blas#gemm} (row blocks over TMR's threads under the
   * default {@code -Dtmr.blasThreading=tmr}). Taking the better keeps a utilisation against it
   * honest whichever way the step's products run.
   */
  public static double gemmPeakGflops() {
    double[] openblas = new double[1];
    Blas.withOpenBlasThreads(Blas.gemmThreads(), () -> openblas[0] = nd4jGemmGflops());
    return Math.max(openblas[0], tmrGemmGflops());
  }

  private static double nd4jGemmGflops() {
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

  private static double tmrGemmGflops() {
    Matrix a = Matrix.wrap(Nd4j.rand(DataType.FLOAT, 4096, 256));
    Matrix b = Matrix.wrap(Nd4j.rand(DataType.FLOAT, 256, 1024));
    Matrix c = Matrix.allocate(DataType.FLOAT, 4096, 1024);
    double flops = 2.0 * 4096 * 256 * 1024;
    for (int i = 0; i < 5; i++) {
      Blas.gemm(false, false, 1.0, a, b, 0.0, c);
    }
    double[] g = new double[15];
    for (int i = 0; i < g.length; i++) {
      long t = System.nanoTime();
      Blas.gemm(false, false, 1.0, a, b, 0.0, c);
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
