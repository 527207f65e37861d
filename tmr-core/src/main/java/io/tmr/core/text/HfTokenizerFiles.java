package io.tmr.core.text;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.tmr.core.io.AtomicFiles;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The tokenizer files a HuggingFace-style loader reads next to a model ({@code
 * AutoTokenizer.from_pretrained(DIR)}): {@code vocab.txt}, {@code tokenizer_config.json} (the
 * tokenizer class, lower-casing, the special tokens, the longest input), {@code
 * special_tokens_map.json} and {@code tokenizer.json} (the same tokenizer for HF's fast, Rust
 * {@code tokenizers}: BERT normaliser and pre-tokenizer, WordPiece, the {@code [CLS] A [SEP] B
 * [SEP]} template). TMR's tokenizer is BERT uncased WordPiece, so the files say {@code
 * do_lower_case: true} with accents stripped (HF's default with lower-casing) and the five special
 * tokens of {@link Vocabulary#SPECIAL_TOKENS}.
 *
 * <p>{@link #read} is the inverse: it takes a folder's vocabulary and refuses, in one line naming
 * the file, tokenizer settings TMR's tokenizer cannot honour (cased, other special tokens).
 */
public final class HfTokenizerFiles {
  public static final String VOCAB = "vocab.txt";
  public static final String CONFIG = "tokenizer_config.json";
  public static final String SPECIAL_TOKENS_MAP = "special_tokens_map.json";
  public static final String TOKENIZER_JSON = "tokenizer.json";

  private static final ObjectMapper JSON =
      new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

  /** Reads refuse a key given twice (with its line), like every JSON reader of TMR. */
  private static final ObjectMapper STRICT = io.tmr.config.StrictJson.json();

  /** The special tokens by the names HF's tokenizers give them. */
  static final Map<String, String> SPECIAL =
      Map.of(
          "unk_token", Vocabulary.UNK,
          "sep_token", Vocabulary.SEP,
          "pad_token", Vocabulary.PAD,
          "cls_token", Vocabulary.CLS,
          "mask_token", Vocabulary.MASK);

  private static final String[] SPECIAL_ORDER = {
    "unk_token", "sep_token", "pad_token", "cls_token", "mask_token"
  };

  private HfTokenizerFiles() {}

  /**
   * Writes {@code vocab.txt}, {@code tokenizer_config.json} and {@code special_tokens_map.json}
   * into {@code dir}, for a model whose inputs are at most {@code maxLength} tokens.
   */
  public static void write(Path dir, Vocabulary vocab, int maxLength) throws IOException {
    Files.createDirectories(dir);
    vocab.write(dir.resolve(VOCAB));
    ObjectNode config = JSON.createObjectNode();
    config.put("tokenizer_class", "ElectraTokenizer");
    config.put("do_lower_case", true);
    config.putNull("strip_accents");
    config.put("tokenize_chinese_chars", true);
    config.put("do_basic_tokenize", true);
    config.putNull("never_split");
    specialTokens(config);
    config.put("model_max_length", maxLength);
    config.put("clean_up_tokenization_spaces", true);
    AtomicFiles.writeString(dir.resolve(CONFIG), JSON.writeValueAsString(config) + "\n");
    ObjectNode map = JSON.createObjectNode();
    specialTokens(map);
    AtomicFiles.writeString(dir.resolve(SPECIAL_TOKENS_MAP), JSON.writeValueAsString(map) + "\n");
    AtomicFiles.writeString(
        dir.resolve(TOKENIZER_JSON), JSON.writeValueAsString(tokenizerJson(vocab)) + "\n");
  }

  /** HF {@code tokenizers}' description of TMR's tokenizer over {@code vocab}. */
  static ObjectNode tokenizerJson(Vocabulary vocab) {
    ObjectNode t = JSON.createObjectNode();
    t.put("version", "1.0");
    t.putNull("truncation");
    t.putNull("padding");
    var added = t.putArray("added_tokens");
    for (String special : Vocabulary.SPECIAL_TOKENS) {
      ObjectNode a = added.addObject();
      a.put("id", vocab.id(special));
      a.put("content", special);
      a.put("single_word", false);
      a.put("lstrip", false);
      a.put("rstrip", false);
      a.put("normalized", false);
      a.put("special", true);
    }
    ObjectNode normalizer = t.putObject("normalizer");
    normalizer.put("type", "BertNormalizer");
    normalizer.put("clean_text", true);
    normalizer.put("handle_chinese_chars", true);
    normalizer.putNull("strip_accents");
    normalizer.put("lowercase", true);
    t.putObject("pre_tokenizer").put("type", "BertPreTokenizer");
    ObjectNode post = t.putObject("post_processor");
    post.put("type", "TemplateProcessing");
    var single = post.putArray("single");
    special(single, Vocabulary.CLS, 0);
    sequence(single, "A", 0);
    special(single, Vocabulary.SEP, 0);
    var pair = post.putArray("pair");
    special(pair, Vocabulary.CLS, 0);
    sequence(pair, "A", 0);
    special(pair, Vocabulary.SEP, 0);
    sequence(pair, "B", 1);
    special(pair, Vocabulary.SEP, 1);
    ObjectNode specials = post.putObject("special_tokens");
    for (String s : new String[] {Vocabulary.CLS, Vocabulary.SEP}) {
      ObjectNode n = specials.putObject(s);
      n.put("id", s);
      n.putArray("ids").add(vocab.id(s));
      n.putArray("tokens").add(s);
    }
    ObjectNode decoder = t.putObject("decoder");
    decoder.put("type", "WordPiece");
    decoder.put("prefix", WordPieceTokenizer.CONTINUATION_PREFIX);
    decoder.put("cleanup", true);
    ObjectNode model = t.putObject("model");
    model.put("type", "WordPiece");
    model.put("unk_token", Vocabulary.UNK);
    model.put("continuing_subword_prefix", WordPieceTokenizer.CONTINUATION_PREFIX);
    model.put("max_input_chars_per_word", WordPieceTokenizer.DEFAULT_MAX_INPUT_CHARS_PER_WORD);
    ObjectNode v = model.putObject("vocab");
    for (int i = 0; i < vocab.size(); i++) {
      v.put(vocab.token(i), i);
    }
    return t;
  }

  private static void special(
      com.fasterxml.jackson.databind.node.ArrayNode a, String id, int type) {
    ObjectNode n = a.addObject().putObject("SpecialToken");
    n.put("id", id);
    n.put("type_id", type);
  }

  private static void sequence(
      com.fasterxml.jackson.databind.node.ArrayNode a, String id, int type) {
    ObjectNode n = a.addObject().putObject("Sequence");
    n.put("id", id);
    n.put("type_id", type);
  }

  private static void specialTokens(ObjectNode n) {
    for (String k : SPECIAL_ORDER) {
      n.put(k, SPECIAL.get(k));
    }
  }

  /** Whether {@code dir} holds a {@code vocab.txt}. */
  public static boolean present(Path dir) {
    return Files.isRegularFile(dir.resolve(VOCAB));
  }

  /**
   * The vocabulary of the tokenizer files in {@code dir}: {@code vocab.txt} (required), checked
   * against {@code tokenizer_config.json} and {@code special_tokens_map.json} when present.
   *
   * @throws IOException one line naming the file: missing or malformed, a cased tokenizer, special
   *     tokens other than TMR's, a vocabulary without them
   */
  public static Vocabulary read(Path dir) throws IOException {
    Path vocabFile = dir.resolve(VOCAB);
    if (!Files.isRegularFile(vocabFile)) {
      throw new IOException(vocabFile + ": missing (the tokenizer's vocabulary)");
    }
    Vocabulary vocab;
    try {
      vocab = Vocabulary.load(vocabFile);
    } catch (IllegalArgumentException e) {
      throw new IOException(e.getMessage(), e);
    }
    Path config = dir.resolve(CONFIG);
    if (Files.isRegularFile(config)) {
      JsonNode c = object(config);
      for (String field : new String[] {"do_lower_case", "strip_accents"}) {
        JsonNode v = c.get(field);
        if (v != null && !v.isNull() && !v.isBoolean()) {
          throw new IOException(config + ": " + field + " is " + v + ", not true or false");
        }
      }
      if (c.path("do_lower_case").isBoolean() && !c.path("do_lower_case").asBoolean()) {
        throw new IOException(
            config
                + ": do_lower_case is false, but TMR's tokenizer is BERT uncased (it lower-cases and strips accents)");
      }
      if (c.path("strip_accents").isBoolean() && !c.path("strip_accents").asBoolean()) {
        throw new IOException(
            config + ": strip_accents is false, but TMR's tokenizer strips accents (BERT uncased)");
      }
      checkSpecialTokens(config, c, vocab);
    }
    Path map = dir.resolve(SPECIAL_TOKENS_MAP);
    if (Files.isRegularFile(map)) {
      checkSpecialTokens(map, object(map), vocab);
    }
    Path fast = dir.resolve(TOKENIZER_JSON);
    if (Files.isRegularFile(fast)) {
      checkTokenizerJson(fast, vocab);
    }
    return vocab;
  }

  private static void checkSpecialTokens(Path file, JsonNode n, Vocabulary vocab)
      throws IOException {
    for (String k : SPECIAL_ORDER) {
      JsonNode v = n.get(k);
      if (v == null || v.isNull()) {
        continue;
      }
      // A token is a string, or an AddedToken object with its text in "content".
      String token = v.isTextual() ? v.asText() : v.path("content").asText(null);
      if (token == null) {
        throw new IOException(file + ": " + k + " is " + v + ", not a token");
      }
      String expected = SPECIAL.get(k);
      if (!token.equals(expected)) {
        throw new IOException(
            file + ": " + k + " is '" + token + "', but TMR's tokenizer uses '" + expected + "'");
      }
      if (!vocab.contains(token)) {
        throw new IOException(file + ": " + k + " '" + token + "' is not in " + VOCAB);
      }
    }
  }

  /** {@code tokenizer.json} must be a lower-casing WordPiece over the same vocabulary. */
  private static void checkTokenizerJson(Path file, Vocabulary vocab) throws IOException {
    JsonNode t = object(file);
    String model = t.path("model").path("type").asText("");
    if (!model.equals("WordPiece")) {
      throw new IOException(file + ": model.type is '" + model + "', TMR's tokenizer is WordPiece");
    }
    if (t.path("normalizer").path("lowercase").isBoolean()
        && !t.path("normalizer").path("lowercase").asBoolean()) {
      throw new IOException(
          file + ": normalizer.lowercase is false, but TMR's tokenizer is BERT uncased");
    }
    Vocabulary fast;
    try (var in = Files.newInputStream(file)) {
      fast = Vocabulary.fromHuggingFaceTokenizerJson(in, file.toString());
    } catch (IllegalArgumentException e) {
      throw new IOException(e.getMessage(), e);
    }
    if (!fast.sha256().equals(vocab.sha256())) {
      throw new IOException(
          file
              + ": model.vocab ("
              + fast.size()
              + " tokens) differs from "
              + VOCAB
              + " ("
              + vocab.size()
              + " tokens)");
    }
  }

  private static JsonNode object(Path file) throws IOException {
    JsonNode n;
    try {
      n = STRICT.readTree(file.toFile());
    } catch (JsonProcessingException e) {
      throw new IOException(file + ": not valid JSON: " + io.tmr.config.StrictJson.describe(e), e);
    }
    if (n == null || !n.isObject()) {
      throw new IOException(file + ": not a JSON object");
    }
    return n;
  }

  /** Reads a JSON object file with the one-line errors of {@link #read} (for other HF files). */
  public static JsonNode readJsonObject(Path file) throws IOException {
    if (!Files.isRegularFile(file)) {
      throw new IOException(file + ": missing");
    }
    return object(file);
  }

  /** The special tokens as {@code special_tokens_map.json} lists them. */
  public static Map<String, String> specialTokens() {
    Map<String, String> m = new LinkedHashMap<>();
    for (String k : SPECIAL_ORDER) {
      m.put(k, SPECIAL.get(k));
    }
    return m;
  }
}
