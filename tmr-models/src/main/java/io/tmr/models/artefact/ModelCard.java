package io.tmr.models.artefact;

import com.fasterxml.jackson.databind.JsonNode;
import io.tmr.config.plugin.PluginInfo;
import io.tmr.models.electra.ElectraConfig;
import java.util.Iterator;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;

/**
 * The {@code README.md} model card of an exported folder: what the model is, how to load it, and
 * where it came from: the commit, the corpus (and its sources when its manifest is at hand), the
 * steps trained, the run's validation metrics, the plugins it ran, and its whole configuration.
 */
public final class ModelCard {
  private ModelCard() {}

  /**
   * What the card is written from.
   *
   * @param provenance the exported checkpoint's provenance
   * @param step the checkpoint's step
   * @param runDir the run folder exported from
   * @param checkpoint the checkpoint file's name
   * @param runManifest the run's {@code manifest.json} (null when absent)
   * @param corpusManifest the corpus's {@code manifest.json} (null when not found)
   */
  public record Source(
      Provenance provenance,
      long step,
      String runDir,
      String checkpoint,
      JsonNode runManifest,
      JsonNode corpusManifest) {}

  /** The card's Markdown text. */
  public static String markdown(Source s) {
    Provenance p = s.provenance();
    ElectraConfig m = p.model();
    Map<String, Object> config = p.config();
    StringBuilder b = new StringBuilder();
    b.append("---\n")
        .append("library_name: transformers\n")
        .append("tags:\n  - electra\n  - tmr\n  - replay\n")
        .append("---\n\n");
    String trainer = String.valueOf(config.getOrDefault("trainer", "electra"));
    b.append("# ELECTRA ")
        .append(trainer.equals("tmr") ? "with memory replay (TMR)" : "(plain ELECTRA)")
        .append(", exported by `tmr export`\n\n");
    b.append(
            "A generator (`generator/`, `ElectraForMaskedLM`) and a discriminator (`discriminator/`, ")
        .append(
            "`ElectraForPreTraining`) pretrained with [TMR](https://arxiv.org/abs/2205.09869)'s ")
        .append("Java framework. Each folder holds `model.safetensors`, `config.json` and the ")
        .append("tokenizer (`vocab.txt`, `tokenizer_config.json`, `special_tokens_map.json`, ")
        .append("`tokenizer.json`: BERT uncased WordPiece).\n\n");
    b.append("```python\n")
        .append("from transformers import AutoTokenizer, ElectraForPreTraining\n")
        .append("tokenizer = AutoTokenizer.from_pretrained(\"discriminator\")\n")
        .append("model = ElectraForPreTraining.from_pretrained(\"discriminator\")\n")
        .append("```\n\n");

    b.append("## Provenance\n\n| | |\n|---|---|\n");
    row(b, "run", "`" + s.runDir() + "`");
    row(b, "checkpoint", "`" + s.checkpoint() + "` (step " + s.step() + ")");
    row(b, "steps", s.step() + " of " + config.getOrDefault("train.steps", "?") + " planned");
    row(b, "commit", "`" + p.gitCommit() + "`");
    row(b, "trainer", "`" + trainer + "`");
    row(b, "corpus", "`" + config.getOrDefault("data.corpus", "?") + "`");
    row(
        b,
        "vocabulary",
        p.vocabulary().size() + " tokens, SHA-256 `" + p.vocabulary().sha256() + "`");
    row(b, "seed", String.valueOf(config.getOrDefault("run.seed", "?")));
    row(b, "number type", p.dataType());
    row(b, "created", p.createdAt());
    JsonNode run = s.runManifest();
    if (run != null) {
      row(b, "run status", run.path("status").asText("?"));
    }
    b.append('\n');

    b.append("## Model\n\n| | discriminator | generator |\n|---|---|---|\n");
    b.append("| hidden size | ").append(m.hidden()).append(" | ").append(m.generatorHidden());
    b.append(" |\n| attention heads | ").append(m.heads()).append(" | ");
    b.append(m.generatorHeads());
    b.append(" |\n| intermediate size | ").append(m.intermediate()).append(" | ");
    b.append(m.generatorIntermediate());
    b.append(" |\n| layers | ").append(m.layers()).append(" | ").append(m.layers());
    b.append(" |\n| embedding size (shared) | ").append(m.embeddingSize()).append(" | ");
    b.append(m.embeddingSize());
    b.append(" |\n| vocabulary | ").append(m.vocabSize()).append(" | ").append(m.vocabSize());
    b.append(" |\n| positions | ").append(m.maxPositions()).append(" | ");
    b.append(m.maxPositions()).append(" |\n\n");

    b.append("## Validation\n\n");
    JsonNode validation = run == null ? null : run.path("results").path("validation");
    if (validation == null || !validation.isObject() || validation.isEmpty()) {
      b.append("No final validation is recorded in the run's manifest")
          .append(run == null ? " (no manifest.json)" : " (the run has not finished)")
          .append(".\n\n");
    } else {
      JsonNode results = run.path("results");
      b.append("The run's final evaluation on its validation split");
      if (results.has("steps")) {
        b.append(" after ").append(results.path("steps").asLong()).append(" steps");
      }
      b.append(":\n\n| metric | value |\n|---|---|\n");
      Iterator<Map.Entry<String, JsonNode>> it = validation.fields();
      while (it.hasNext()) {
        Map.Entry<String, JsonNode> e = it.next();
        row(
            b,
            e.getKey(),
            e.getValue().isNumber()
                ? String.format(Locale.ROOT, "%.4f", e.getValue().asDouble())
                : e.getValue().asText());
      }
      b.append('\n');
    }

    JsonNode corpus = s.corpusManifest();
    if (corpus != null && corpus.path("sources").isArray() && !corpus.path("sources").isEmpty()) {
      b.append("## Corpus\n\n| source | origin | documents | words |\n|---|---|---|---|\n");
      for (JsonNode src : corpus.path("sources")) {
        b.append("| ")
            .append(src.path("name").asText())
            .append(" | ")
            .append(src.path("origin").asText())
            .append(" | ")
            .append(src.path("documents").asText())
            .append(" | ")
            .append(src.path("words").asText())
            .append(" |\n");
      }
      b.append('\n');
    }

    List<PluginInfo> plugins = p.plugins();
    if (!plugins.isEmpty()) {
      b.append("## Plugins\n\n| kind | name | source | SHA-256 |\n|---|---|---|---|\n");
      for (PluginInfo i : plugins) {
        b.append("| ")
            .append(i.kind())
            .append(" | ")
            .append(i.name())
            .append(" | ")
            .append(i.jar() == null ? PluginInfo.BUILT_IN : "`" + i.jar() + "`")
            .append(" | ")
            .append(i.sha256() == null ? "-" : "`" + i.sha256() + "`")
            .append(" |\n");
      }
      b.append('\n');
    }

    b.append("## Configuration\n\n```yaml\n");
    for (Map.Entry<String, Object> e : new TreeMap<>(config).entrySet()) {
      b.append(e.getKey()).append(": ").append(e.getValue()).append('\n');
    }
    b.append(
        "```\n\n`provenance.json` holds all of this and the environment the run started in.\n");
    return b.toString();
  }

  private static void row(StringBuilder b, String key, String value) {
    b.append("| ").append(key).append(" | ").append(value.replace("|", "\\|")).append(" |\n");
  }
}
