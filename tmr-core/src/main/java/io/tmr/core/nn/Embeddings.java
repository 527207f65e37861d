package io.tmr.core.nn;

import static com.google.common.base.Preconditions.checkArgument;
import static com.google.common.base.Preconditions.checkState;

import io.tmr.core.tensor.Matrix;
import io.tmr.core.tensor.Parallel;
import io.tmr.core.tensor.Profiler;
import io.tmr.core.tensor.RandomStream;
import java.nio.FloatBuffer;
import java.util.List;

/**
 * BERT/ELECTRA input embeddings: {@code LN(word[id] + position[s] + tokenType[segment])} followed
 * by dropout, {@code [B*S, E]}. HF names under the prefix: {@code word_embeddings.weight}, {@code
 * position_embeddings.weight}, {@code token_type_embeddings.weight}, {@code LayerNorm.*}; depth 0.
 *
 * <p>{@link #sharing()} makes a second consumer of the same parameters with its own activations, as
 * the ELECTRA generator and discriminator share embeddings. Each consumer's backward adds into the
 * shared gradients. The word-embedding gradient is a dense {@code [vocab, E]} buffer with row-wise
 * scatter-add: the tied MLM output layer writes a dense gradient into the same matrix anyway, and a
 * dense buffer lets AdamW run one contiguous pass.
 */
public final class Embeddings implements Module {
  private final EmbeddingConfig config;
  private final Parameter word;
  private final Parameter position;
  private final Parameter tokenType;
  private final LayerNorm norm;
  private final Dropout dropout;
  private final Matrix sum;
  private final Matrix normedGrad;
  private final Matrix output;
  private int[] tokenIds;
  private int[] segmentIds;
  private AttentionMask mask;

  private Embeddings(
      EmbeddingConfig config,
      Parameter word,
      Parameter position,
      Parameter tokenType,
      LayerNorm norm) {
    this.config = config;
    this.word = word;
    this.position = position;
    this.tokenType = tokenType;
    this.norm = norm;
    this.dropout = new Dropout(config.dropout());
    this.sum = Matrix.empty(config.dataType());
    this.normedGrad = Matrix.empty(config.dataType());
    this.output = Matrix.empty(config.dataType());
  }

  /** New embeddings named under {@code prefix} (e.g. {@code electra.embeddings}), depth 0. */
  public static Embeddings create(String prefix, EmbeddingConfig config, RandomStream initRandom) {
    int e = config.embeddingSize();
    var dt = config.dataType();
    Parameter w =
        Parameter.zeros(
            prefix + ".word_embeddings.weight", dt, new long[] {config.vocabSize(), e}, true, 0);
    Parameter p =
        Parameter.zeros(
            prefix + ".position_embeddings.weight",
            dt,
            new long[] {config.maxPositions(), e},
            true,
            0);
    Parameter t =
        Parameter.zeros(
            prefix + ".token_type_embeddings.weight",
            dt,
            new long[] {config.typeVocabSize(), e},
            true,
            0);
    Init.truncatedNormal(w, initRandom, config.initStd());
    Init.truncatedNormal(p, initRandom, config.initStd());
    Init.truncatedNormal(t, initRandom, config.initStd());
    LayerNorm norm = LayerNorm.create(prefix + ".LayerNorm", e, config.layerNormEps(), 0, dt);
    return new Embeddings(config, w, p, t, norm);
  }

  /** A second consumer of the same parameters (own activations, own dropout masks). */
  public Embeddings sharing() {
    return new Embeddings(config, word, position, tokenType, norm.sharing());
  }

  public EmbeddingConfig config() {
    return config;
  }

  /** The token embedding matrix {@code [vocab, E]}, also the tied MLM output weight. */
  public Parameter wordEmbeddings() {
    return word;
  }

  public Parameter positionEmbeddings() {
    return position;
  }

  public Parameter tokenTypeEmbeddings() {
    return tokenType;
  }

  public LayerNorm layerNorm() {
    return norm;
  }

  /**
   * Embeds {@code tokenIds} (length B*S, batch-major) with segment ids ({@code null} = all 0);
   * positions are 0..S-1 in each sequence. Returns the layer-owned {@code [B*S, E]} output.
   */
  public Matrix forward(int[] tokenIds, int[] segmentIds, AttentionMask mask, Context ctx) {
    int tokens = mask.tokens();
    int seq = mask.seqLen();
    checkArgument(tokenIds.length == tokens, "%s token ids for %s tokens", tokenIds.length, tokens);
    checkArgument(
        segmentIds == null || segmentIds.length == tokens,
        "segment ids length %s",
        segmentIds == null ? 0 : segmentIds.length);
    checkArgument(
        seq <= config.maxPositions(),
        "sequence length %s > %s positions",
        seq,
        config.maxPositions());
    this.tokenIds = tokenIds;
    this.segmentIds = segmentIds;
    this.mask = mask;
    int e = config.embeddingSize();
    long t0 = Profiler.start();
    sum.resize(tokens, e);
    Matrix w = word.valueMatrix();
    Matrix p = position.valueMatrix();
    Matrix t = tokenType.valueMatrix();
    int vocab = config.vocabSize();
    int types = config.typeVocabSize();
    Parallel.forChunks(
        tokens,
        3L * e,
        (chunk, start, end) -> {
          float[] wr = sum.floats() != null ? new float[e] : null;
          float[] pr = wr != null ? new float[e] : null;
          float[] tr = wr != null ? new float[e] : null;
          for (int r = start; r < end; r++) {
            int id = tokenIds[r];
            int seg = segmentIds == null ? 0 : segmentIds[r];
            checkArgument(id >= 0 && id < vocab, "token id %s outside [0, %s)", id, vocab);
            checkArgument(seg >= 0 && seg < types, "segment id %s outside [0, %s)", seg, types);
            int pos = r % seq;
            FloatBuffer sf = sum.floats();
            if (sf != null) {
              // Whole rows by bulk copies, the sum (word + position) + type in a loop C2
              // vectorises.
              w.floats().get(id * e, wr, 0, e);
              p.floats().get(pos * e, pr, 0, e);
              t.floats().get(seg * e, tr, 0, e);
              for (int j = 0; j < e; j++) {
                wr[j] = wr[j] + pr[j] + tr[j];
              }
              sf.put(r * e, wr, 0, e);
            } else {
              for (int j = 0; j < e; j++) {
                sum.set(r * e + j, w.get(id * e + j) + p.get(pos * e + j) + t.get(seg * e + j));
              }
            }
          }
        });
    Profiler.end("embedding lookup", t0);
    dropout.sample(ctx, sum.size()); // timed as "dropout mask"
    // LayerNorm and dropout in one pass (float32, training): the result is then the LayerNorm's
    // output buffer, else this layer's output.
    return norm.forwardThenDropout(sum, dropout, output);
  }

  /** Adds this consumer's gradients for {@code dOut [B*S, E]} into the shared parameters. */
  public void backward(Matrix dOut) {
    checkState(tokenIds != null, "backward before forward");
    // The mask applied as the LayerNorm's backward reads each row (float32, training); else into
    // normedGrad, not into sum: the LayerNorm's backward reads its input, sum, again.
    Matrix dSum = norm.backwardFromDropout(dOut, dropout, normedGrad);
    int e = config.embeddingSize();
    int seq = mask.seqLen();
    int tokens = mask.tokens();
    Matrix dw = word.gradMatrix();
    Matrix dp = position.gradMatrix();
    Matrix dt = tokenType.gradMatrix();
    long t0 = Profiler.start();
    // Repeated token ids would race if tokens were split over threads: the columns are split
    // instead. Every element still receives its additions in token order, so the result does not
    // depend on the split.
    FloatBuffer gf = dSum.floats();
    int parts = (long) tokens * e < (1 << 16) ? 1 : Parallel.threads();
    Parallel.forParts(
        parts,
        part -> {
          int from = (int) ((long) e * part / parts);
          int to = (int) ((long) e * (part + 1) / parts);
          int width = to - from;
          if (width == 0) {
            return;
          }
          if (gf != null) {
            FloatBuffer wf = dw.floats();
            FloatBuffer pf = dp.floats();
            FloatBuffer tf = dt.floats();
            float[] g = new float[width];
            float[] acc = new float[width];
            for (int r = 0; r < tokens; r++) {
              int id = tokenIds[r];
              int seg = segmentIds == null ? 0 : segmentIds[r];
              int pos = r % seq;
              gf.get(r * e + from, g, 0, width);
              addRow(wf, id * e + from, g, acc, width);
              addRow(pf, pos * e + from, g, acc, width);
              addRow(tf, seg * e + from, g, acc, width);
            }
          } else {
            for (int r = 0; r < tokens; r++) {
              int id = tokenIds[r];
              int seg = segmentIds == null ? 0 : segmentIds[r];
              int pos = r % seq;
              for (int j = from; j < to; j++) {
                double g = dSum.get(r * e + j);
                dw.add(id * e + j, g);
                dp.add(pos * e + j, g);
                dt.add(seg * e + j, g);
              }
            }
          }
        });
    Profiler.end("embedding scatter", t0);
  }

  /** {@code buffer[at..at+width) += g[0..width)} through {@code scratch}. */
  private static void addRow(FloatBuffer buffer, int at, float[] g, float[] scratch, int width) {
    buffer.get(at, scratch, 0, width);
    for (int j = 0; j < width; j++) {
      scratch[j] += g[j];
    }
    buffer.put(at, scratch, 0, width);
  }

  @Override
  public void collectParameters(List<Parameter> out) {
    out.add(word);
    out.add(position);
    out.add(tokenType);
    norm.collectParameters(out);
  }
}
