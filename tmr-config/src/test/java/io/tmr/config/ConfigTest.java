package io.tmr.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ConfigTest {
  static final ConfigKey<Double> LR =
      ConfigKey.real("train.learningRate", 5e-4, "peak learning rate", 0, 1);
  static final ConfigKey<Integer> STEPS =
      ConfigKey.integer("train.steps", 1000, "optimizer steps", 1, Integer.MAX_VALUE);
  static final ConfigKey<String> STRATEGY =
      ConfigKey.choice(
          "replay.strategy", "prioritized", "replay strategy", List.of("uniform", "prioritized"));
  static final ConfigKey<Boolean> ASYNC =
      ConfigKey.bool("replay.async", false, "asynchronous generator");
  static final ConfigKey<String> EPS =
      ConfigKey.string("replay.epsilon", "1e-6", "a number kept as the user wrote it");
  static final ConfigSpec SPEC = new ConfigSpec().add(LR, STEPS, STRATEGY, ASYNC, EPS);

  @TempDir Path tmp;

  @Test
  void defaultsThenFileThenOverrides() throws Exception {
    Path f = tmp.resolve("c.yaml");
    Files.writeString(f, "train:\n  learningRate: 1e-3\n  steps: 50\nreplay.strategy: uniform\n");
    Config c =
        Config.builder(SPEC)
            .file(f)
            .overrides(List.of("train.steps=70", "replay.async=on"))
            .build();
    assertEquals(1e-3, c.get(LR));
    assertEquals(70, c.get(STEPS));
    assertEquals("uniform", c.get(STRATEGY));
    assertEquals(true, c.get(ASYNC));
    assertEquals("--set train.steps=70", c.origins().get("train.steps"));
  }

  @Test
  void yamlRoundTrip() throws Exception {
    Config c =
        Config.builder(SPEC)
            .overrides(List.of("train.steps=12", "replay.strategy=uniform", "replay.epsilon=1e-8"))
            .build();
    Path f = tmp.resolve("round.yaml");
    Files.writeString(f, c.toYaml());
    assertEquals(c.asMap(), Config.builder(SPEC).file(f).build().asMap());
    assertEquals("1e-8", Config.builder(SPEC).file(f).build().get(EPS));
  }

  @Test
  void unknownKeyNamesTheNearestValidOne() throws Exception {
    ConfigException e =
        assertThrows(
            ConfigException.class,
            () -> Config.builder(SPEC).overrides(List.of("train.learningrate=0.1")));
    assertTrue(
        e.getMessage().contains("'train.learningrate'")
            && e.getMessage().contains("did you mean 'train.learningRate'"),
        e.getMessage());
    Path f = tmp.resolve("bad.yaml");
    Files.writeString(f, "replay:\n  stratgy: uniform\n");
    ConfigException e2 = assertThrows(ConfigException.class, () -> Config.builder(SPEC).file(f));
    assertTrue(
        e2.getMessage().startsWith(f.toString()) && e2.getMessage().contains("replay.strategy"),
        e2.getMessage());
    ConfigException e3 =
        assertThrows(
            ConfigException.class, () -> Config.builder(SPEC).overrides(List.of("steps=5")));
    assertTrue(e3.getMessage().contains("did you mean 'train.steps'"), e3.getMessage());
  }

  @Test
  void anOptionOfAReplayPluginThatIsNotLoadedPointsAtThePluginPath() {
    ConfigException e =
        assertThrows(
            ConfigException.class,
            () -> Config.builder(SPEC).overrides(List.of("replay.novelty.decay=0.5")));
    assertTrue(
        e.getMessage()
            .endsWith(
                " (options replay.novelty.* belong to the replay plugin 'novelty': is its jar on"
                    + " the plugin path? --plugins DIR, $TMR_PLUGIN_PATH or $TMR_HOME/plugins;"
                    + " `tmr plugins` lists what is loaded)"),
        e.getMessage());
    // A misspelt library option gets no such hint.
    ConfigException typo =
        assertThrows(
            ConfigException.class,
            () -> Config.builder(SPEC).overrides(List.of("replay.stratgy=uniform")));
    assertTrue(!typo.getMessage().contains("plugin path"), typo.getMessage());
  }

  @Test
  void badValuesNameOptionAndRequirement() {
    ConfigException e =
        assertThrows(
            ConfigException.class, () -> Config.builder(SPEC).overrides(List.of("train.steps=0")));
    assertTrue(e.getMessage().contains("'train.steps' must be an integer in [1,"), e.getMessage());
    ConfigException e2 =
        assertThrows(
            ConfigException.class,
            () -> Config.builder(SPEC).overrides(List.of("replay.strategy=lifo")));
    assertTrue(e2.getMessage().contains("one of uniform, prioritized"), e2.getMessage());
    ConfigException e3 =
        assertThrows(
            ConfigException.class,
            () -> Config.builder(SPEC).overrides(List.of("train.learningRate=NaN")));
    assertTrue(e3.getMessage().contains("train.learningRate"), e3.getMessage());
    assertThrows(
        ConfigException.class, () -> Config.builder(SPEC).overrides(List.of("replay.async=maybe")));
    assertThrows(ConfigException.class, () -> Config.builder(SPEC).overrides(List.of("novalue")));
  }

  @Test
  void anOptionGivenTwiceInAFileIsRefusedWithBothLines() throws Exception {
    Path blocks = tmp.resolve("blocks.yaml");
    Files.writeString(
        blocks, "train:\n  steps: 2\nreplay.async: true\ntrain:\n  learningRate: 0.1\n");
    ConfigException e =
        assertThrows(ConfigException.class, () -> Config.builder(SPEC).file(blocks));
    assertTrue(
        e.getMessage().startsWith(blocks + ":4:") && e.getMessage().contains("train"),
        e.getMessage());
    Path spellings = tmp.resolve("spellings.yaml");
    Files.writeString(spellings, "train:\n  steps: 2\ntrain.steps: 7\n");
    ConfigException e2 =
        assertThrows(ConfigException.class, () -> Config.builder(SPEC).file(spellings));
    assertEquals(
        spellings + ":3: option 'train.steps' is set twice (first at line 2)", e2.getMessage());
  }

  @Test
  void yamlErrorsCarryLineAndColumnAndBadValuesTheirLine() throws Exception {
    Path broken = tmp.resolve("broken.yaml");
    Files.writeString(broken, "train:\n  steps: [1, 2\nreplay.async: true\n");
    ConfigException e =
        assertThrows(ConfigException.class, () -> Config.builder(SPEC).file(broken));
    assertTrue(
        e.getMessage()
            .matches(
                java.util.regex.Pattern.quote(broken.toString())
                    + ":\\d+:\\d+: not valid YAML: .*"),
        e.getMessage());
    Path bad = tmp.resolve("bad-value.yaml");
    Files.writeString(bad, "replay.async: true\ntrain:\n  steps: 0\n");
    ConfigException e2 = assertThrows(ConfigException.class, () -> Config.builder(SPEC).file(bad));
    assertTrue(
        e2.getMessage().startsWith(bad + ":3: option 'train.steps' must be"), e2.getMessage());
    Path list = tmp.resolve("list.yaml");
    Files.writeString(list, "- train.steps\n");
    ConfigException e3 = assertThrows(ConfigException.class, () -> Config.builder(SPEC).file(list));
    assertTrue(e3.getMessage().contains("the top level must be a map"), e3.getMessage());
  }

  enum Mode {
    FAST_PATH,
    SLOW
  }

  @Test
  void wordsAndEnumsParseFormatAndRoundTripThroughYaml() throws Exception {
    ConfigKey<Integer> replays =
        ConfigKey.integer("replay.maxReplays", 0, "drop after n replays", 1, 1000)
            .withWord("unbounded", 0);
    ConfigKey<Mode> mode =
        ConfigKey.enumeration(
            "run.mode", Mode.SLOW, "a mode", m -> m.name().toLowerCase().replace('_', '-'));
    ConfigSpec spec = new ConfigSpec().add(replays, mode, STEPS);
    Config c = Config.builder(spec).overrides(List.of("run.mode=fast-path")).build();
    assertEquals(0, c.get(replays));
    assertEquals("unbounded", c.formatted().get("replay.maxReplays"));
    assertEquals(Mode.FAST_PATH, c.get(mode));
    assertEquals(
        7, Config.builder(spec).overrides(List.of("replay.maxReplays=7")).build().get(replays));
    ConfigException e =
        assertThrows(
            ConfigException.class,
            () -> Config.builder(spec).overrides(List.of("replay.maxReplays=-3")));
    assertTrue(e.getMessage().contains("an integer in [1, 1000] or 'unbounded'"), e.getMessage());
    assertThrows(
        ConfigException.class, () -> Config.builder(spec).overrides(List.of("run.mode=fast_path")));
    Path f = tmp.resolve("words.yaml");
    Files.writeString(f, c.toYaml());
    assertEquals(c.asMap(), Config.builder(spec).file(f).build().asMap());
    assertEquals(
        1000,
        Config.builder(spec).overrides(List.of("train.steps=1e3")).build().get(STEPS),
        "YAML-style 1e3 is an integer");
    assertThrows(
        ConfigException.class, () -> Config.builder(spec).overrides(List.of("train.steps=2.5")));
  }

  @Test
  void aBuilderTakesTheOptionsItSharesWithAnotherConfig() {
    ConfigSpec small = new ConfigSpec().add(STEPS, ASYNC);
    Config big =
        Config.builder(SPEC).overrides(List.of("train.steps=9", "replay.strategy=uniform")).build();
    Config c = Config.builder(small).from(big).build();
    assertEquals(9, c.get(STEPS));
    assertEquals("--set train.steps=9", c.origins().get("train.steps"));
    assertEquals(List.of("train.steps", "replay.async"), List.copyOf(c.asMap().keySet()));
  }
}
