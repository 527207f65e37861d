package io.tmr.bench.finetune;

import static com.google.common.base.Preconditions.checkArgument;

import io.tmr.core.tensor.RandomStream;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * Fine-tuning seeds: parsing {@code 1..5} / {@code 1,2,7} / {@code 3}, and the independent random
 * streams one trial seed derives (model initialisation, head initialisation, data order, dropout),
 * so that changing e.g. the data order never shifts the dropout masks.
 */
public final class Seeds {
  private static final long ENCODER_INIT = 0x1A1AL;
  private static final long HEAD_INIT = 0x4EADL;
  private static final long DATA_ORDER = 0xDA7AL;
  private static final long DROPOUT = 0xD20FL;

  private Seeds() {}

  /** {@code A..B} (inclusive), a comma list, or one number; duplicates rejected. */
  public static List<Long> parse(String spec) {
    checkArgument(spec != null && !spec.isBlank(), "no seeds given");
    List<Long> out = new ArrayList<>();
    for (String part : spec.split(",")) {
      String p = part.strip();
      int range = p.indexOf("..");
      if (range >= 0) {
        long from = Long.parseLong(p.substring(0, range).strip());
        long to = Long.parseLong(p.substring(range + 2).strip());
        checkArgument(from <= to && to - from < 1000, "bad seed range %s", p);
        for (long s = from; s <= to; s++) {
          out.add(s);
        }
      } else {
        out.add(Long.parseLong(p));
      }
    }
    Set<Long> unique = new LinkedHashSet<>(out);
    checkArgument(unique.size() == out.size(), "seed list %s repeats a seed", spec);
    return List.copyOf(out);
  }

  static long encoderInit(long seed) {
    return RandomStream.mix(seed ^ ENCODER_INIT);
  }

  static RandomStream headInit(long seed) {
    return new RandomStream(RandomStream.mix(seed ^ HEAD_INIT));
  }

  static RandomStream dataOrder(long seed) {
    return new RandomStream(RandomStream.mix(seed ^ DATA_ORDER));
  }

  static RandomStream dropout(long seed) {
    return new RandomStream(RandomStream.mix(seed ^ DROPOUT));
  }

  /** A Fisher–Yates permutation of {@code 0..n-1} drawn from {@code random}. */
  static int[] permutation(int n, RandomStream random) {
    int[] p = new int[n];
    for (int i = 0; i < n; i++) {
      p[i] = i;
    }
    for (int i = n - 1; i > 0; i--) {
      int j = random.nextInt(i + 1);
      int t = p[i];
      p[i] = p[j];
      p[j] = t;
    }
    return p;
  }
}
