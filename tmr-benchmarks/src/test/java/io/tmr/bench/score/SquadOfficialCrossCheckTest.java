package io.tmr.bench.score;

import static io.tmr.bench.task.SharedData.fixture;
import static io.tmr.bench.task.SharedData.require;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.tmr.bench.squad.SquadDatasetFile;
import io.tmr.bench.squad.SquadPredictionsFile;
import io.tmr.bench.task.QaArticle;
import io.tmr.bench.task.QaDataset;
import io.tmr.bench.task.QaParagraph;
import io.tmr.bench.task.QaQuestion;
import io.tmr.bench.task.QaScoring;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The Java scorers against an independent stdlib-Python implementation of the official rules
 * ({@code squad_rules_reference.py}, run with python3), on the real v1.1 dev file with adversarial
 * predictions: edited gold answers, empty and whitespace-only answers, missing ones, Unicode (final
 * sigma, dotted I, combining marks, NBSP, en dash), punctuation-only and article-only answers. The
 * v2.0 rules run on a copy of the dev file in which every third question is made unanswerable, with
 * tied no-answer probabilities and several thresholds. Every key must agree to 1e-9. Skipped
 * without python3 or the data.
 */
@Tag("slow")
class SquadOfficialCrossCheckTest {

  private static final ObjectMapper JSON = new ObjectMapper();
  private static final double TOLERANCE = 1e-9;

  @TempDir static Path dir;

  private static QaDataset dev;
  private static Path devFile;

  @BeforeAll
  static void setUp() throws IOException {
    assumeTrue(python3Available(), "python3 is not available");
    devFile = require("squad/dev-v1.1.json");
    dev = SquadDatasetFile.read(devFile, QaScoring.SQUAD_V1_1);
  }

  @Test
  void v11AgreesOnAdversarialPredictions() throws Exception {
    for (long seed : new long[] {1, 2, 3}) {
      Map<String, String> predictions = adversarial(dev, new Random(seed), true);
      Path predFile = dir.resolve("v1-pred-" + seed + ".json");
      SquadPredictionsFile.write(predFile, predictions);
      ScoreReport java = SquadV1Scorer.score(dev, SquadPredictionsFile.readPredictions(predFile));
      assertAgree(python("1.1", devFile, predFile, null, null), java, "v1.1 seed " + seed);
    }
  }

  @Test
  void v20AgreesWithUnanswerableQuestionsTiesAndThresholds() throws Exception {
    QaDataset v2 = withEveryThirdQuestionUnanswerable(dev);
    Path v2File = dir.resolve("dev-as-v2.json");
    SquadDatasetFile.write(v2File, v2);
    Random random = new Random(7);
    Map<String, String> predictions = adversarial(v2, random, false);
    Path predFile = dir.resolve("v2-pred.json");
    SquadPredictionsFile.write(predFile, predictions);
    Map<String, Double> probabilities = new LinkedHashMap<>();
    List<QaQuestion> shuffled = new ArrayList<>(v2.questions());
    Collections.shuffle(shuffled, random);
    for (QaQuestion q : shuffled) {
      // Eleven values only, so most probabilities tie; a few negative zeros test -0.0 == 0.0.
      double p = random.nextInt(11) / 10.0;
      probabilities.put(q.id(), p == 0.0 && random.nextInt(4) == 0 ? -0.0 : p);
    }
    Path naFile = dir.resolve("v2-na.json");
    Files.writeString(naFile, JSON.writeValueAsString(probabilities), StandardCharsets.UTF_8);

    QaDataset gold = SquadDatasetFile.read(v2File, QaScoring.SQUAD_V2_0);
    Map<String, String> readBack = SquadPredictionsFile.readPredictions(predFile);
    Map<String, Double> probsBack = SquadPredictionsFile.readNoAnswerProbabilities(naFile);
    assertAgree(
        python("2.0", v2File, predFile, null, null),
        SquadV2Scorer.score(gold, readBack),
        "v2 no probs");
    for (double threshold : new double[] {1.0, 0.5, 0.0, -0.5}) {
      assertAgree(
          python("2.0", v2File, predFile, naFile, threshold),
          SquadV2Scorer.score(gold, readBack, probsBack, threshold),
          "v2 threshold " + threshold);
    }
  }

  private static void assertAgree(JsonNode expected, ScoreReport actual, String what) {
    List<String> expectedKeys = new ArrayList<>();
    expected.fieldNames().forEachRemaining(expectedKeys::add);
    assertEquals(expectedKeys, List.copyOf(actual.metrics().keySet()), what + ": keys");
    for (String key : expectedKeys) {
      assertEquals(expected.get(key).asDouble(), actual.get(key), TOLERANCE, what + ": " + key);
    }
  }

  /**
   * Predictions built from gold answers and contexts with every kind of edit the rules care about.
   */
  private static Map<String, String> adversarial(QaDataset d, Random random, boolean allowMissing) {
    List<String> contexts = new ArrayList<>();
    List<QaQuestion> questions = new ArrayList<>();
    for (QaArticle a : d.articles()) {
      for (QaParagraph p : a.paragraphs()) {
        for (QaQuestion q : p.questions()) {
          contexts.add(p.context());
          questions.add(q);
        }
      }
    }
    Map<String, String> out = new LinkedHashMap<>();
    for (int i = 0; i < questions.size(); i++) {
      QaQuestion q = questions.get(i);
      List<String> golds = new ArrayList<>();
      q.answers().forEach(a -> golds.add(a.text()));
      q.plausibleAnswers().forEach(a -> golds.add(a.text()));
      String gold = golds.isEmpty() ? "nothing" : golds.get(random.nextInt(golds.size()));
      String context = contexts.get(i);
      String[] words = gold.split(" ");
      String prediction =
          switch (random.nextInt(16)) {
            case 0 -> gold;
            case 1 -> "The " + gold.toUpperCase(Locale.ROOT) + "!";
            case 2 -> words.length > 1 ? gold.substring(gold.indexOf(' ') + 1) : gold + " extra";
            case 3 -> gold + " " + context.substring(0, Math.min(30, context.length()));
            case 4 -> "";
            case 5 -> " \u00a0\t";
            case 6 -> allowMissing ? null : "";
            case 7 -> "\u039f\u0394\u039f\u03a3 " + gold + " \u0130 A..\u03a3";
            case 8 -> "a\u0301 " + gold.replace(' ', '\u00a0') + " an\u2013the";
            case 9 -> {
              int start = random.nextInt(context.length());
              int end = Math.min(context.length(), start + 1 + random.nextInt(40));
              yield context.substring(start, end);
            }
            case 10 -> questions.get(random.nextInt(questions.size())).question();
            case 11 -> "...";
            case 12 -> "the a an";
            case 13 -> String.join(" ", reversed(words)) + " " + words[0];
            case 14 -> gold.replace("-", " - ").replace(",", " , ");
            default -> gold.toLowerCase(Locale.ROOT) + "_";
          };
      if (prediction != null) {
        out.put(q.id(), prediction);
      }
    }
    out.put("not-a-question-id", "ignored by both");
    return out;
  }

  private static List<String> reversed(String[] words) {
    List<String> r = new ArrayList<>(List.of(words));
    Collections.reverse(r);
    return r;
  }

  private static QaDataset withEveryThirdQuestionUnanswerable(QaDataset d) {
    int[] counter = {0};
    List<QaArticle> articles = new ArrayList<>();
    for (QaArticle a : d.articles()) {
      List<QaParagraph> paragraphs = new ArrayList<>();
      for (QaParagraph p : a.paragraphs()) {
        List<QaQuestion> qs = new ArrayList<>();
        for (QaQuestion q : p.questions()) {
          boolean impossible = counter[0]++ % 3 == 0;
          qs.add(
              impossible ? new QaQuestion(q.id(), q.question(), List.of(), true, q.answers()) : q);
        }
        paragraphs.add(new QaParagraph(p.context(), qs));
      }
      articles.add(new QaArticle(a.title(), paragraphs));
    }
    return new QaDataset("v2.0", articles);
  }

  private static JsonNode python(
      String version, Path data, Path predictions, Path naProbs, Double threshold)
      throws IOException, InterruptedException {
    List<String> command =
        new ArrayList<>(
            List.of(
                "python3",
                fixture("/squad/squad_rules_reference.py").toString(),
                version,
                data.toString(),
                predictions.toString()));
    if (naProbs != null || threshold != null) {
      command.add(naProbs == null ? "-" : naProbs.toString());
      command.add(threshold == null ? "1.0" : Double.toString(threshold));
    }
    Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
    String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    if (!process.waitFor(120, TimeUnit.SECONDS) || process.exitValue() != 0) {
      throw new AssertionError("python3 failed: " + output);
    }
    return JSON.readTree(output);
  }

  private static boolean python3Available() {
    try {
      Process p = new ProcessBuilder("python3", "--version").redirectErrorStream(true).start();
      p.getInputStream().readAllBytes();
      return p.waitFor(20, TimeUnit.SECONDS) && p.exitValue() == 0;
    } catch (IOException e) {
      return false;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return false;
    }
  }
}
