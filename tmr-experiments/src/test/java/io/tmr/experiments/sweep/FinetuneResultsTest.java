package io.tmr.experiments.sweep;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.tmr.experiments.registry.Evaluation;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class FinetuneResultsTest {
  @TempDir Path tmp;

  @Test
  void taskScoresFollowTheGlueConventionAndSquadUsesF1() throws Exception {
    Files.createDirectories(tmp.resolve("stsb"));
    Files.createDirectories(tmp.resolve("squad"));
    // The layout tmr finetune writes: task, evaluation, metrics by scorer key with values per seed.
    Files.writeString(
        tmp.resolve("stsb/results.json"),
        """
        {"task": "STS-B", "evaluation": "dev", "seeds": [1, 2, 3],
         "metrics": {"pearson": {"values": [80.0, 82.0, null], "median": 81.0},
                     "spearman": {"values": [78.0, 80.0, 79.0], "median": 79.0}}}
        """);
    Files.writeString(
        tmp.resolve("squad/results.json"),
        """
        {"task": "squad-v1.1", "metrics": {"exact_match": {"values": [50.0, 52.0]}, "f1": {"values": [60.5, 63.5]}}}
        """);
    var r = FinetuneResults.read(tmp);
    assertEquals(List.of(79.0, 81.0, 79.0), r.get("stsb"));
    assertEquals(List.of(60.5, 63.5), r.get("squad"));
    assertTrue(
        FinetuneResults.complete(
            tmp, new Evaluation(List.of("stsb"), "by-article", List.of(1L), List.of())));
    assertFalse(
        FinetuneResults.complete(
            tmp, new Evaluation(List.of("stsb", "rte"), "", List.of(1L), List.of())));
    assertEquals("sst2", FinetuneResults.column("SST-2"));
  }
}
