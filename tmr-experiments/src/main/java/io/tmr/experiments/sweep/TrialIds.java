package io.tmr.experiments.sweep;

import com.google.common.hash.Hashing;
import io.tmr.experiments.registry.Overrides;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Locale;

/**
 * Deterministic trial ids. The config id is the trial's labels made file-name safe, then the first
 * 10 hex digits of the SHA-256 of its canonical overrides (sorted {@code key=value} lines, seed
 * excluded). The seed is its own axis: {@code <configId>-s<seed>}. The same settings always give
 * the same id, on any machine and in any run of the sweep; different settings give different ids.
 */
public final class TrialIds {
  private TrialIds() {}

  public static String configId(List<String> labels, List<String> overrides) {
    String readable =
        String.join("_", labels)
            .toLowerCase(Locale.ROOT)
            .replaceAll("[^a-z0-9.+-]+", "-")
            .replaceAll("^-+|-+$", "");
    if (readable.length() > 60) {
      readable = readable.substring(0, 60);
    }
    String hash =
        Hashing.sha256()
            .hashString(String.join("\n", Overrides.canonical(overrides)), StandardCharsets.UTF_8)
            .toString()
            .substring(0, 10);
    return readable.isEmpty() ? hash : readable + "-" + hash;
  }

  public static String trialId(String configId, long seed) {
    return configId + "-s" + seed;
  }
}
