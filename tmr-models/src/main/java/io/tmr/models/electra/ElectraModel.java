package io.tmr.models.electra;

import static com.google.common.base.Preconditions.checkArgument;

import io.tmr.core.nn.AttentionMask;
import io.tmr.core.nn.Context;
import io.tmr.core.nn.DiscriminatorHead;
import io.tmr.core.nn.EmbeddingConfig;
import io.tmr.core.nn.EncoderModel;
import io.tmr.core.nn.Gelu;
import io.tmr.core.nn.MlmHead;
import io.tmr.core.nn.Parameter;
import io.tmr.core.nn.Parameters;
import io.tmr.core.nn.SigmoidBinaryCrossEntropy;
import io.tmr.core.nn.SoftmaxCrossEntropy;
import io.tmr.core.nn.TransformerConfig;
import io.tmr.core.tensor.Matrix;
import io.tmr.core.tensor.Profiler;
import io.tmr.core.tensor.RandomStream;
import io.tmr.models.data.MaskedBatch;
import java.util.List;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * The ELECTRA generator/discriminator pair with HuggingFace's parameter names: the discriminator is
 * {@code electra.*} with {@code discriminator_predictions.*}; the generator is {@code generator.*}
 * (its own projection and encoder) with {@code generator_predictions.*} and the bias {@code
 * generator_lm_head.bias}; token, position and segment embeddings and the embedding LayerNorm
 * ({@code electra.embeddings.*}) are shared, and the MLM output weight is the token embedding
 * matrix.
 *
 * <p>{@link #generatorStep} and {@link #discriminatorStep} each run forward and backward and
 * accumulate gradients; the caller zeroes gradients, clips and applies the optimizer. ELECTRA's
 * step is one of each on the same batch.
 */
public final class ElectraModel implements PerExampleGradients {
  public static final double INIT_STD = 0.02;
  public static final double LAYER_NORM_EPS = 1e-12;

  private final ElectraConfig config;
  private final EncoderModel discriminator;
  private final EncoderModel generator;
  private final MlmHead mlmHead;
  private final DiscriminatorHead discriminatorHead;
  private final SoftmaxCrossEntropy mlmLoss = new SoftmaxCrossEntropy();
  private final SigmoidBinaryCrossEntropy discLoss;
  private final List<Parameter> parameters;
  private final List<Parameter> generatorOnly;
  private final DataType dataType;
  private int[] sampleScratch = new int[0];
  private int[] argmaxScratch = new int[0];
  private double[] uniformScratch = new double[0];

  public ElectraModel(ElectraConfig c, DataType dataType, long initSeed) {
    this(c, dataType, initSeed, INIT_STD);
  }

  /**
   * @param initStd standard deviation of the truncated-normal initialisation of every weight matrix
   *     and embedding (ELECTRA/BERT: {@link #INIT_STD}, tuned for hidden sizes of 256–1024)
   */
  public ElectraModel(ElectraConfig c, DataType dataType, long initSeed, double initStd) {
    checkArgument(initStd > 0, "init std %s <= 0", initStd);
    this.config = c;
    this.dataType = dataType;
    RandomStream init = new RandomStream(initSeed);
    EmbeddingConfig emb = embeddingConfig(c, dataType, initStd);
    TransformerConfig disc = discriminatorConfig(c, dataType, initStd);
    TransformerConfig gen =
        new TransformerConfig(
            c.generatorHidden(),
            c.layers(),
            c.generatorHeads(),
            c.generatorIntermediate(),
            c.dropout(),
            c.dropout(),
            LAYER_NORM_EPS,
            initStd,
            Gelu.ERF,
            dataType);
    discriminator = EncoderModel.create("electra", emb, disc, init);
    generator =
        EncoderModel.withEmbeddings("generator", discriminator.embeddings().sharing(), gen, init);
    mlmHead =
        new MlmHead(
            "generator_predictions",
            "generator_lm_head",
            c.generatorHidden(),
            discriminator.embeddings().wordEmbeddings(),
            LAYER_NORM_EPS,
            Gelu.ERF,
            c.layers() + 1,
            init,
            initStd);
    discriminatorHead =
        new DiscriminatorHead(
            "discriminator_predictions",
            c.hidden(),
            Gelu.ERF,
            c.layers() + 1,
            dataType,
            init,
            initStd);
    discLoss = new SigmoidBinaryCrossEntropy(dataType);
    parameters = Parameters.of(discriminator, discriminatorHead, generator, mlmHead);
    List<Parameter> shared = Parameters.of(discriminator.embeddings());
    generatorOnly =
        Parameters.of(generator, mlmHead).stream().filter(p -> !shared.contains(p)).toList();
  }

  /** The shared embeddings of a model of shape {@code c}. */
  public static EmbeddingConfig embeddingConfig(
      ElectraConfig c, DataType dataType, double initStd) {
    return new EmbeddingConfig(
        c.vocabSize(),
        c.embeddingSize(),
        c.maxPositions(),
        2,
        LAYER_NORM_EPS,
        c.dropout(),
        initStd,
        dataType);
  }

  /** The discriminator's transformer of a model of shape {@code c} (fine-tuning starts from it). */
  public static TransformerConfig discriminatorConfig(
      ElectraConfig c, DataType dataType, double initStd) {
    return new TransformerConfig(
        c.hidden(),
        c.layers(),
        c.heads(),
        c.intermediate(),
        c.dropout(),
        c.dropout(),
        LAYER_NORM_EPS,
        initStd,
        Gelu.ERF,
        dataType);
  }

  public ElectraConfig config() {
    return config;
  }

  public DataType dataType() {
    return dataType;
  }

  /** All parameters, shared ones once, in a stable order (checkpoints, optimizer state). */
  public List<Parameter> parameters() {
    return parameters;
  }

  /** Parameters only the generator uses (not the shared embeddings). */
  public List<Parameter> generatorOnlyParameters() {
    return generatorOnly;
  }

  /**
   * Starts the replaced-token head at a constant prediction of {@code replacedRate} (its output
   * bias set to the log-odds). See {@code model.discriminatorBiasInit} for why.
   */
  public void initDiscriminatorPrior(double replacedRate) {
    checkArgument(
        replacedRate > 0 && replacedRate < 1, "replaced rate %s not in (0, 1)", replacedRate);
    discriminatorHead.initOutputBias(Math.log(replacedRate / (1 - replacedRate)));
  }

  /**
   * Starts the generator's output bias at the log of the smoothed unigram distribution {@code
   * (count_v + 1) / (N + V)}, so its first predictions are the corpus's token frequencies. See
   * {@code model.generatorBiasInit} for why.
   */
  public void initGeneratorUnigramPrior(long[] tokenCounts) {
    int vocab = config.vocabSize();
    checkArgument(
        tokenCounts.length == vocab, "%s counts for a vocabulary of %s", tokenCounts.length, vocab);
    double total = vocab;
    for (long c : tokenCounts) {
      total += c;
    }
    INDArray bias = mlmHead.outputBias().value();
    for (int v = 0; v < vocab; v++) {
      bias.putScalar(v, Math.log((tokenCounts[v] + 1) / total));
    }
  }

  public EncoderModel discriminator() {
    return discriminator;
  }

  /**
   * How a step runs: its context (dropout or not), whether it back-propagates, the scale of its
   * loss's gradient (ELECTRA's discriminator weight 50), per-example loss weights (importance
   * weights; {@code null} = 1), and whether the discriminator keeps its per-token probabilities
   * (for an AUC).
   */
  public record Pass(
      Context ctx,
      boolean backward,
      double lossScale,
      double[] exampleWeights,
      boolean keepProbabilities) {

    /** Forward only, without dropout. */
    public static Pass inference() {
      return new Pass(Context.inference(), false, 1.0, null, false);
    }

    /** Forward and backward in {@code ctx}, gradient scale 1, unweighted. */
    public static Pass backward(Context ctx) {
      return new Pass(ctx, true, 1.0, null, false);
    }

    public Pass scaled(double scale) {
      return new Pass(ctx, backward, scale, exampleWeights, keepProbabilities);
    }

    public Pass weighted(double[] weights) {
      return new Pass(ctx, backward, lossScale, weights, keepProbabilities);
    }

    public Pass keepingProbabilities(boolean keep) {
      return new Pass(ctx, backward, lossScale, exampleWeights, keep);
    }

    public Pass keepingProbabilities() {
      return keepingProbabilities(true);
    }
  }

  /** Statistics of one generator step. */
  public static final class GeneratorStats {
    public double mlmLoss;
    public long predictions;
    public long mlmCorrect;
    public long sampledCorrect;
  }

  /** Statistics of one discriminator step. */
  public static final class DiscriminatorStats {
    /** The training loss: importance-weighted when per-example weights were given. */
    public double loss;

    /**
     * The mean loss over real tokens without per-example weights: comparable between ELECTRA and
     * TMR runs.
     */
    public double unweightedLoss;

    public double[] perExampleLoss = new double[0];
    public long tokens;
    public long correct;
    public long truePositives;
    public long predictedPositives;
    public long actualPositives;

    /** Per real token: sigmoid probability of "replaced" (filled only when requested). */
    public double[] probabilities = new double[0];

    public int[] probabilityLabels = new int[0];
  }

  /**
   * Generator forward (and backward, scaled by {@code mlmWeight}, when {@code train}): predicts the
   * masked positions of {@code in}, samples replacements by Gumbel-max at {@code temperature}, and
   * writes the corrupted rows into {@code out} (rows {@code 0..in.batch)}) with their labels.
   */
  public GeneratorStats generatorStep(
      MaskedBatch in, CorruptedBatch out, RandomStream sampling, double temperature, Pass pass) {
    String scope = Profiler.scope("generator");
    try {
      return generatorStepScoped(in, out, sampling, temperature, pass);
    } finally {
      Profiler.scope(scope);
    }
  }

  private GeneratorStats generatorStepScoped(
      MaskedBatch in, CorruptedBatch out, RandomStream sampling, double temperature, Pass pass) {
    Context ctx = pass.ctx();
    int B = in.batch;
    int L = in.seqLength;
    int P = in.maxPredictions;
    AttentionMask mask = AttentionMask.fromLengths(L, in.lengths);
    Matrix hidden = generator.forward(in.maskedIds, in.segmentIds, mask, ctx);
    int count = in.totalPredictions();
    int[] rows = new int[count];
    int[] labels = new int[count];
    int k = 0;
    for (int r = 0; r < B; r++) {
      for (int i = 0; i < in.predictions[r]; i++) {
        rows[k] = r * L + in.positions[r * P + i];
        labels[k] = in.labels[r * P + i];
        k++;
      }
    }
    Profiler.scope("mlm head");
    Matrix logits = mlmHead.forward(hidden, rows, count);
    GeneratorStats s = new GeneratorStats();
    if (sampleScratch.length < count) {
      sampleScratch = new int[count];
      argmaxScratch = new int[count];
      uniformScratch = new double[count];
    }
    long t = Profiler.start();
    for (int i = 0; i < count; i++) {
      uniformScratch[i] = sampling.nextDouble(); // in row order: draws independent of threads
    }
    s.mlmLoss =
        mlmLoss.forward(
            logits,
            labels,
            new SoftmaxCrossEntropy.Draws(
                temperature, uniformScratch, argmaxScratch, sampleScratch));
    Profiler.end("mlm softmax+cross-entropy+sampling", t);
    s.predictions = count;
    for (int i = 0; i < count; i++) {
      if (argmaxScratch[i] == labels[i]) {
        s.mlmCorrect++;
      }
      if (sampleScratch[i] == labels[i]) {
        s.sampledCorrect++;
      }
    }
    if (pass.backward()) {
      t = Profiler.start();
      Matrix dLogits = mlmLoss.backward(pass.lossScale());
      Profiler.end("mlm cross-entropy backward", t);
      Matrix dHidden = mlmHead.backward(dLogits);
      Profiler.scope("generator");
      generator.backward(dHidden);
    }
    t = Profiler.start();
    System.arraycopy(in.originalIds, 0, out.originalIds, 0, B * L);
    System.arraycopy(in.originalIds, 0, out.corruptedIds, 0, B * L);
    System.arraycopy(in.segmentIds, 0, out.segmentIds, 0, B * L);
    System.arraycopy(in.lengths, 0, out.lengths, 0, B);
    for (int i = 0; i < count; i++) {
      out.corruptedIds[rows[i]] = sampleScratch[i];
    }
    out.deriveLabels();
    Profiler.end("corrupted batch", t);
    return s;
  }

  /**
   * Discriminator forward (and backward, scaled by {@code discWeight}, when {@code train}) on the
   * first {@code rows} rows of {@code in}, with optional per-example weights (importance weights).
   */
  public DiscriminatorStats discriminatorStep(CorruptedBatch in, int rows, Pass pass) {
    String scope = Profiler.scope("discriminator");
    try {
      return discriminatorStepScoped(in, rows, pass);
    } finally {
      Profiler.scope(scope);
    }
  }

  private DiscriminatorStats discriminatorStepScoped(CorruptedBatch in, int rows, Pass pass) {
    Context ctx = pass.ctx();
    double[] exampleWeights = pass.exampleWeights();
    boolean keepProbabilities = pass.keepProbabilities();
    int L = in.seqLength;
    int[] lengths = java.util.Arrays.copyOf(in.lengths, rows);
    AttentionMask mask = AttentionMask.fromLengths(L, lengths);
    int[] ids =
        rows == in.batch ? in.corruptedIds : java.util.Arrays.copyOf(in.corruptedIds, rows * L);
    int[] segs =
        rows == in.batch ? in.segmentIds : java.util.Arrays.copyOf(in.segmentIds, rows * L);
    int[] labels = rows == in.batch ? in.labels : java.util.Arrays.copyOf(in.labels, rows * L);
    Matrix hidden = discriminator.forward(ids, segs, mask, ctx);
    Matrix logits = discriminatorHead.forward(hidden);
    DiscriminatorStats s = new DiscriminatorStats();
    long t0 = Profiler.start();
    s.loss = discLoss.forward(logits, labels, mask, exampleWeights);
    s.unweightedLoss = discLoss.unweightedLoss();
    s.perExampleLoss = discLoss.perExampleLoss();
    int real = mask.realTokens();
    if (keepProbabilities) {
      s.probabilities = new double[real];
      s.probabilityLabels = new int[real];
    }
    int k = 0;
    for (int r = 0; r < rows; r++) {
      for (int t = 0; t < lengths[r]; t++) {
        int idx = r * L + t;
        double z = logits.get(idx);
        boolean predicted = z > 0;
        int label = labels[idx];
        s.tokens++;
        if (predicted == (label == 1)) {
          s.correct++;
        }
        if (predicted) {
          s.predictedPositives++;
          if (label == 1) {
            s.truePositives++;
          }
        }
        s.actualPositives += label;
        if (keepProbabilities) {
          s.probabilities[k] = 1 / (1 + Math.exp(-z));
          s.probabilityLabels[k] = label;
        }
        k++;
      }
    }
    Profiler.end("disc loss+statistics", t0);
    if (pass.backward()) {
      t0 = Profiler.start();
      Matrix dLogits = discLoss.backward(pass.lossScale());
      Profiler.end("disc loss backward", t0);
      discriminator.backward(discriminatorHead.backward(dLogits));
    }
    return s;
  }

  /**
   * Exact per-example gradient norms ‖∇θ ℓ_b‖ over every discriminator parameter (encoder, head and
   * the shared embeddings) for rows {@code [from, to)} of {@code in}: one forward and backward pass
   * per example at batch size 1, without dropout, unweighted (ℓ_b is the example's mean token
   * loss). Accumulated gradients of the current step are saved first and restored afterwards.
   */
  public double[] exactDiscriminatorGradientNorms(CorruptedBatch in, int from, int to) {
    List<Parameter> disc = Parameters.of(discriminator, discriminatorHead);
    List<INDArray> saved = new java.util.ArrayList<>(disc.size());
    for (Parameter p : disc) {
      saved.add(p.grad().dup());
    }
    CorruptedBatch one = new CorruptedBatch(1, in.seqLength);
    double[] norms = new double[to - from];
    for (int r = from; r < to; r++) {
      Parameters.zeroGrads(disc);
      one.copyRow(in, r, 0);
      discriminatorStep(one, 1, Pass.backward(Context.inference()));
      norms[r - from] = Parameters.gradNorm(disc);
    }
    for (int i = 0; i < disc.size(); i++) {
      disc.get(i).grad().assign(saved.get(i));
    }
    return norms;
  }

  /**
   * Per example, ‖∂ℓ_b/∂logits‖ from the last discriminator step: the cheap gradient-norm bound.
   */
  public double[] lastPerExampleLogitGradientNorms() {
    return discLoss.perExampleLogitGradientNorms();
  }

  @Override
  public double[] logitGradientNormBound() {
    return lastPerExampleLogitGradientNorms();
  }

  @Override
  public double[] cleanLosses(CorruptedBatch batch, int rows) {
    return discriminatorStep(batch, rows, Pass.inference()).perExampleLoss;
  }

  @Override
  public double[] exactGradientNorms(CorruptedBatch batch, int from, int to) {
    return exactDiscriminatorGradientNorms(batch, from, to);
  }
}
