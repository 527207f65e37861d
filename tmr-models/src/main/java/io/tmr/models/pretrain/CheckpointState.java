package io.tmr.models.pretrain;

import io.tmr.core.nn.Parameter;
import io.tmr.core.nn.Parameters;
import io.tmr.core.optim.AdamW;
import io.tmr.core.text.Vocabulary;
import io.tmr.models.artefact.Checkpoint;
import io.tmr.models.artefact.ModelCheckpoint;
import io.tmr.models.artefact.Provenance;
import io.tmr.models.electra.ElectraModel;
import java.io.IOException;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * What a checkpoint holds and how it maps onto a run: the parameters, both optimizers' moments
 * (prefixed {@value #DISC_OPT} and {@value #GEN_OPT}), the data position (a batch read ahead by the
 * asynchronous generator counts as not consumed), the run's counters, the feed's state ({@code
 * __feed__}: the replay buffer and the partly used generator batch), the seed, and what makes the
 * checkpoint self-describing: the model's {@link Provenance} and its vocabulary ({@link
 * ModelCheckpoint}). A run restored from it continues bit for bit.
 */
final class CheckpointState {
  /** Checkpoint name prefixes of the two optimizers' states. */
  static final String DISC_OPT = "optimizer.discriminator/";

  static final String GEN_OPT = "optimizer.generator/";
  static final String FEED = "__feed__";

  private final Path dir;
  private final int keep;
  private final ElectraModel model;
  private final AdamW discOptimizer;
  private final AdamW genOptimizer;
  private final CorpusBatches data;
  private final DiscriminatorFeed feed;
  private final TrainStep step;
  private final long seed;
  private final Provenance provenance;
  private final byte[] vocabulary;

  CheckpointState(
      Path dir,
      int keep,
      ElectraModel model,
      AdamW discOptimizer,
      AdamW genOptimizer,
      CorpusBatches data,
      DiscriminatorFeed feed,
      TrainStep step,
      long seed,
      Provenance provenance,
      Vocabulary vocabulary) {
    this.dir = dir;
    this.keep = keep;
    this.model = model;
    this.discOptimizer = discOptimizer;
    this.genOptimizer = genOptimizer;
    this.data = data;
    this.feed = feed;
    this.step = step;
    this.seed = seed;
    this.provenance = provenance;
    this.vocabulary = ModelCheckpoint.vocabularyBlob(vocabulary);
  }

  Path dir() {
    return dir;
  }

  void save(RunCounters c) throws IOException {
    Map<String, INDArray> opt = new LinkedHashMap<>();
    discOptimizer.stateDict().forEach((k, v) -> opt.put(DISC_OPT + k, v));
    genOptimizer.stateDict().forEach((k, v) -> opt.put(GEN_OPT + k, v));
    Map<String, String> meta = new LinkedHashMap<>();
    int[] position = data.position(step != null && step.generatorReadAhead());
    meta.put("dataEpoch", Integer.toString(position[0]));
    meta.put("dataOffset", Integer.toString(position[1]));
    meta.put("freshSequences", Long.toString(c.freshSequences));
    meta.put("discSequences", Long.toString(c.discSequences));
    meta.put("tokens", Long.toString(c.tokens));
    meta.put("seed", Long.toString(seed));
    meta.putAll(ModelCheckpoint.metadata(provenance));
    byte[] feedState = feed.snapshot();
    Map<String, byte[]> blobs = new LinkedHashMap<>();
    if (feedState.length > 0) {
      blobs.put(FEED, feedState);
    }
    blobs.put(ModelCheckpoint.VOCABULARY, vocabulary);
    Checkpoint.save(dir, c.step, model.parameters(), opt, blobs, meta, keep);
  }

  /** Restores the model, optimizers, data position, feed and {@code counters} from {@code c}. */
  void restore(Checkpoint.Loaded c, RunCounters counters) throws IOException {
    Map<String, INDArray> params = new LinkedHashMap<>();
    Map<String, INDArray> opt = new LinkedHashMap<>();
    Set<String> names = new HashSet<>();
    for (Parameter p : model.parameters()) {
      names.add(p.name());
    }
    c.arrays().forEach((k, v) -> (names.contains(k) ? params : opt).put(k, v));
    Parameters.loadStateDict(model.parameters(), params);
    discOptimizer.loadStateDict(unprefixed(opt, DISC_OPT));
    genOptimizer.loadStateDict(unprefixed(opt, GEN_OPT));
    Map<String, String> m = c.metadata();
    data.seek(Integer.parseInt(m.get("dataEpoch")), Integer.parseInt(m.get("dataOffset")));
    counters.step = c.step();
    counters.freshSequences = Long.parseLong(m.get("freshSequences"));
    counters.discSequences = Long.parseLong(m.get("discSequences"));
    counters.tokens = Long.parseLong(m.get("tokens"));
    byte[] feedState = c.blobs().get(FEED);
    feed.restore(feedState == null ? new byte[0] : feedState);
  }

  private static Map<String, INDArray> unprefixed(Map<String, INDArray> all, String prefix) {
    Map<String, INDArray> out = new LinkedHashMap<>();
    all.forEach(
        (k, v) -> {
          if (k.startsWith(prefix)) {
            out.put(k.substring(prefix.length()), v);
          }
        });
    return out;
  }
}
