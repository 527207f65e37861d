package io.tmr.bench.squad;

import static io.tmr.bench.task.SharedData.require;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.tmr.bench.score.ScoreReport;
import io.tmr.bench.score.ScoringException;
import io.tmr.bench.score.SquadV1Scorer;
import io.tmr.bench.score.SquadV2Scorer;
import io.tmr.bench.task.QaArticle;
import io.tmr.bench.task.QaDataset;
import io.tmr.bench.task.QaExample;
import io.tmr.bench.task.QaQuestion;
import java.io.IOException;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.UnaryOperator;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The official SQuAD v1.1 dev file in {@code ../shared/data/squad} (skipped when absent). */
class SquadRealDataTest {

  private static QaDataset dev;

  @BeforeAll
  static void read() throws IOException {
    dev = new SquadV1Task().read(require("squad/dev-v1.1.json"));
  }

  @Test
  void publishedCounts() {
    assertEquals("1.1", dev.version());
    assertEquals(48, dev.articles().size());
    assertEquals(2_067, dev.paragraphCount());
    assertEquals(10_570, dev.questionCount());
    assertEquals(34_726, dev.questions().stream().mapToInt(q -> q.answers().size()).sum());
    for (QaExample e : dev.examples()) {
      e.answers()
          .forEach(a -> assertEquals(a.text(), e.context().substring(a.charStart(), a.charEnd())));
    }
  }

  @Test
  void byArticleSplitIsDisjointAndHasTheDocumentedCounts() {
    SquadArticleSplit split = SquadArticleSplit.of(dev);
    assertEquals(38, split.train().articles().size());
    assertEquals(1_646, split.train().paragraphCount());
    assertEquals(8_582, split.train().questionCount());
    assertEquals(10, split.eval().articles().size());
    assertEquals(421, split.eval().paragraphCount());
    assertEquals(1_988, split.eval().questionCount());
    assertEquals("Super_Bowl_50", split.train().articles().get(0).title());
    assertEquals(
        "Intergovernmental_Panel_on_Climate_Change", split.eval().articles().get(0).title());
    assertEquals("Force", split.eval().articles().get(9).title());

    Set<String> trainTitles =
        new HashSet<>(split.train().articles().stream().map(QaArticle::title).toList());
    assertTrue(split.eval().articles().stream().noneMatch(a -> trainTitles.contains(a.title())));
    Set<String> trainIds =
        new HashSet<>(split.train().questions().stream().map(QaQuestion::id).toList());
    Set<String> evalIds =
        new HashSet<>(split.eval().questions().stream().map(QaQuestion::id).toList());
    assertTrue(evalIds.stream().noneMatch(trainIds::contains));
    assertEquals(10_570, trainIds.size() + evalIds.size());
    assertEquals("1.1", split.eval().version());
  }

  @Test
  void evalPartWrittenToJsonReadsBackUnchanged(@TempDir Path dir) throws IOException {
    QaDataset eval = SquadArticleSplit.of(dev).eval();
    Path file = dir.resolve("squad-v1.1-dev-eval-part.json");
    SquadDatasetFile.write(file, eval);
    assertEquals(eval, new SquadV1Task().read(file));
  }

  @Test
  void goldAsPredictionsScoresOneHundred() throws ScoringException {
    ScoreReport r = SquadV1Scorer.score(dev, firstAnswers(dev, s -> s));
    assertEquals(100.0, r.get("exact_match"), 1e-9);
    assertEquals(100.0, r.get("f1"), 1e-9);
    ScoreReport v2 = SquadV2Scorer.score(dev, firstAnswers(dev, s -> s));
    assertEquals(100.0, v2.get("exact"), 1e-9);
    assertEquals(10_570, v2.metrics().get("HasAns_total"));
    assertFalse(v2.metrics().containsKey("NoAns_total"));
  }

  @Test
  void asciiPunctuationAroundAndInsideAnswersChangesNothing() throws ScoringException {
    // Only ASCII punctuation is removed, and "(", ")!" and '"' sit outside words here, so every
    // normalized answer is unchanged.
    ScoreReport r =
        SquadV1Scorer.score(dev, firstAnswers(dev, s -> "\"(" + s.replace("-", "") + ")!\""));
    long hyphenated =
        dev.questions().stream().filter(q -> q.answers().get(0).text().contains("-")).count();
    assertTrue(hyphenated > 0);
    // Deleting a hyphen joins two tokens ("long-term" -> "longterm") exactly as normalization does.
    assertEquals(100.0, r.get("exact_match"), 1e-9);
    assertEquals(100.0, r.get("f1"), 1e-9);
  }

  @Test
  void emptyPredictionsMatchOnlyThePunctuationOnlyGolds() throws ScoringException {
    // Three dev questions have "." among their gold answers (ids below); "" equals it after
    // normalization, so v1.1 gives them EM 1 and F1 0.
    Map<String, String> empty = new LinkedHashMap<>();
    dev.questions().forEach(q -> empty.put(q.id(), ""));
    ScoreReport r = SquadV1Scorer.score(dev, empty);
    assertEquals(100.0 * 3 / 10_570, r.get("exact_match"), 1e-12);
    assertEquals(0.0, r.get("f1"));
    Set<String> dotted = new HashSet<>();
    for (QaQuestion q : dev.questions()) {
      if (q.answers().stream().anyMatch(a -> a.text().equals("."))) {
        dotted.add(q.id());
      }
    }
    assertEquals(
        Set.of("5725bad5271a42140099d0c1", "5730b7ce069b5314008322c4", "57340d124776f419006617bf"),
        dotted);
  }

  @Test
  void missingPredictionsStayInTheDenominator() throws ScoringException {
    Map<String, String> half = new LinkedHashMap<>();
    List<QaQuestion> questions = dev.questions();
    for (int i = 0; i < questions.size(); i += 2) {
      half.put(questions.get(i).id(), questions.get(i).answers().get(0).text());
    }
    ScoreReport r = SquadV1Scorer.score(dev, half);
    assertEquals(100.0 * 5_285 / 10_570, r.get("exact_match"), 1e-9);
    assertEquals(100.0 * 5_285 / 10_570, r.get("f1"), 1e-9);
  }

  private static Map<String, String> firstAnswers(QaDataset d, UnaryOperator<String> edit) {
    Map<String, String> out = new LinkedHashMap<>();
    for (QaQuestion q : d.questions()) {
      out.put(q.id(), edit.apply(q.answers().get(0).text()));
    }
    return out;
  }
}
