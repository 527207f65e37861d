package io.tmr.experiments.registry;

import static org.junit.jupiter.api.Assertions.assertEquals;

import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import io.tmr.config.Config;
import io.tmr.config.ConfigException;
import io.tmr.config.fuzz.Fuzz;
import io.tmr.config.fuzz.Malformed;
import io.tmr.models.tmr.TmrOptions;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.lifecycle.AfterContainer;
import net.jqwik.api.lifecycle.BeforeContainer;

/**
 * Fuzzing the YAML readers: malformed variants (byte edits and edits of the YAML tree) of a run
 * config and of an experiment end in a {@link ConfigException} naming the file, or are read; valid
 * generated files round-trip.
 */
class YamlFuzzTest {
  private static final YAMLMapper YAML = new YAMLMapper();
  private static Path dir;

  static final String CONFIG =
      Config.builder(TmrOptions.spec())
          .overrides(
              List.of(
                  "trainer=tmr",
                  "model.preset=tiny",
                  "train.steps=300",
                  "train.learningRate=0.0005",
                  "replay.capacity=4096",
                  "replay.strategy=prioritized",
                  "replay.weight=loss-difference",
                  "replay.alpha=0.6",
                  "log.every=10"))
          .build()
          .toYaml();

  static final String EXPERIMENT =
      """
      name: my-buffers
      version: 2
      description: Does a bigger buffer help?
      arms:
        - name: small
          set: {trainer: tmr, replay.capacity: 512}
        - name: big
          description: eight times more
          set: [trainer=tmr, replay.capacity=4096]
      scales:
        quick:
          set: {model.preset: tiny, train.steps: 100}
          seeds: [1, 2, 3]
          evaluation: {glue: [rte, mrpc], finetuneSeeds: [1, 2], set: {}}
      table:
        baseline: small
        metrics: [disc_auc, disc_loss]
        ablationKey: replay.capacity
      """;

  @BeforeContainer
  static void makeDir() throws IOException {
    dir = Files.createTempDirectory("yaml-fuzz");
  }

  @AfterContainer
  static void removeDir() throws IOException {
    Fuzz.deleteFolder(dir);
  }

  @Provide
  Arbitrary<byte[]> malformedConfigs() {
    return Malformed.variants(CONFIG.getBytes(StandardCharsets.UTF_8), YAML);
  }

  @Property(tries = 1500, seed = Fuzz.SEED)
  void malformedConfigsAreReadOrRefusedNamingTheFile(@ForAll("malformedConfigs") byte[] input) {
    Path f = Fuzz.write(dir.resolve("config.yaml"), input);
    Fuzz.verdict(
        "run config YAML",
        ConfigException.class,
        f,
        () -> Config.builder(TmrOptions.spec()).file(f).build());
  }

  @Provide
  Arbitrary<byte[]> malformedExperiments() {
    return Malformed.variants(EXPERIMENT.getBytes(StandardCharsets.UTF_8), YAML);
  }

  @Property(tries = 1500, seed = Fuzz.SEED)
  void malformedExperimentsAreReadOrRefusedNamingTheFile(
      @ForAll("malformedExperiments") byte[] input) {
    Path f = Fuzz.write(dir.resolve("experiment.yaml"), input);
    Fuzz.verdict(
        "experiment YAML",
        ConfigException.class,
        f,
        () -> YamlExperiments.load(f).validate(TmrOptions.spec()));
  }

  @Provide
  Arbitrary<List<String>> validOverrides() {
    return Combinators.combine(
            Arbitraries.integers().between(1, 1_000_000),
            Arbitraries.doubles().between(1e-7, 1.0).ofScale(9),
            Arbitraries.integers().between(0, 1 << 20),
            Arbitraries.of("uniform", "prioritized", "fifo"),
            Arbitraries.of("loss-difference", "gradient-norm"),
            Arbitraries.doubles().between(0, 1).ofScale(6),
            Arbitraries.of("tiny", "small"))
        .as(
            (steps, lr, capacity, strategy, weight, alpha, preset) ->
                List.of(
                    "trainer=tmr",
                    "train.steps=" + steps,
                    "train.learningRate=" + lr,
                    "replay.capacity=" + capacity,
                    "replay.strategy=" + strategy,
                    "replay.weight=" + weight,
                    "replay.alpha=" + alpha,
                    "model.preset=" + preset));
  }

  @Property(tries = 1000, seed = Fuzz.SEED)
  void validConfigsRoundTripThroughYaml(@ForAll("validOverrides") List<String> overrides)
      throws IOException {
    Config c = Config.builder(TmrOptions.spec()).overrides(overrides).build();
    Path f = Files.writeString(dir.resolve("roundtrip.yaml"), c.toYaml());
    assertEquals(c.canonical(), Config.builder(TmrOptions.spec()).file(f).build().canonical());
  }

  @Provide
  Arbitrary<List<Integer>> capacities() {
    return Arbitraries.integers().between(0, 1 << 20).list().ofMinSize(1).ofMaxSize(6);
  }

  @Property(tries = 1000, seed = Fuzz.SEED)
  void validExperimentsRoundTrip(@ForAll("capacities") List<Integer> capacities)
      throws IOException {
    StringBuilder y = new StringBuilder("name: gen\ndescription: generated\narms:\n");
    List<List<String>> expected = new ArrayList<>();
    for (int i = 0; i < capacities.size(); i++) {
      y.append("  - name: arm-")
          .append(i)
          .append("\n    set: {trainer: tmr, replay.capacity: ")
          .append(capacities.get(i))
          .append("}\n");
      expected.add(List.of("trainer=tmr", "replay.capacity=" + capacities.get(i)));
    }
    y.append("table: {baseline: arm-0}\n");
    Path f = Files.writeString(dir.resolve("gen.yaml"), y.toString());
    Experiment e = YamlExperiments.load(f);
    e.validate(TmrOptions.spec());
    assertEquals(expected, e.arms().stream().map(Arm::overrides).toList());
  }
}
