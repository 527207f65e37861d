package io.tmr.core.text;

import com.fasterxml.jackson.databind.JsonNode;
import com.google.common.base.Preconditions;
import com.google.common.hash.Hashing;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.Iterator;
import java.util.List;
import java.util.Map;

/**
 * An immutable WordPiece vocabulary: token strings with dense ids {@code 0..size-1}, in the {@code
 * vocab.txt} layout (one token per line, the line number is the id).
 */
public final class Vocabulary {
  public static final String PAD = "[PAD]";
  public static final String UNK = "[UNK]";
  public static final String CLS = "[CLS]";
  public static final String SEP = "[SEP]";
  public static final String MASK = "[MASK]";

  /** The special tokens every TMR vocabulary must contain. */
  public static final List<String> SPECIAL_TOKENS = List.of(PAD, UNK, CLS, SEP, MASK);

  private final String[] tokens;
  private final Map<String, Integer> ids;
  private final int maxTokenChars;

  private Vocabulary(List<String> tokenList, String origin) {
    Preconditions.checkArgument(!tokenList.isEmpty(), "vocabulary %s is empty", origin);
    this.tokens = tokenList.toArray(new String[0]);
    this.ids = new HashMap<>(tokens.length * 2);
    int longest = 0;
    for (int i = 0; i < tokens.length; i++) {
      String t = tokens[i];
      Preconditions.checkArgument(
          !t.isEmpty(), "vocabulary %s: empty token at line %s", origin, i + 1);
      Integer previous = ids.putIfAbsent(t, i);
      Preconditions.checkArgument(
          previous == null,
          "vocabulary %s: token '%s' at line %s repeats line %s",
          origin,
          t,
          i + 1,
          previous == null ? -1 : previous + 1);
      longest = Math.max(longest, t.length());
    }
    for (String special : SPECIAL_TOKENS) {
      Preconditions.checkArgument(
          ids.containsKey(special), "vocabulary %s lacks the special token %s", origin, special);
    }
    this.maxTokenChars = longest;
  }

  /** A vocabulary whose ids are the positions in {@code tokens}. */
  public static Vocabulary of(List<String> tokens) {
    return new Vocabulary(tokens, "(in memory)");
  }

  /** Reads a {@code vocab.txt} file: one token per line, UTF-8. */
  public static Vocabulary load(Path vocabTxt) throws IOException {
    return parse(Files.readString(vocabTxt, StandardCharsets.UTF_8), vocabTxt.toString());
  }

  /**
   * Reads the text of a {@code vocab.txt}: one token per line; {@code origin} names it in errors.
   */
  public static Vocabulary parse(String vocabTxt, String origin) {
    List<String> lines = new java.util.ArrayList<>(List.of(vocabTxt.split("\n", -1)));
    // A trailing newline is the norm; a trailing empty line would be an empty token.
    while (!lines.isEmpty() && lines.get(lines.size() - 1).isEmpty()) {
      lines.remove(lines.size() - 1);
    }
    return new Vocabulary(lines, origin);
  }

  /**
   * Reads {@code model.vocab} from a HuggingFace {@code tokenizer.json} (WordPiece model) and
   * orders the tokens by id.
   */
  public static Vocabulary fromHuggingFaceTokenizerJson(InputStream json, String origin)
      throws IOException {
    JsonNode root = io.tmr.config.StrictJson.json().readTree(json);
    JsonNode vocab = root.path("model").path("vocab");
    Preconditions.checkArgument(
        vocab.isObject(), "%s: field model.vocab is missing or not an object", origin);
    String[] byId = new String[vocab.size()];
    Iterator<Map.Entry<String, JsonNode>> it = vocab.fields();
    while (it.hasNext()) {
      Map.Entry<String, JsonNode> e = it.next();
      int id = e.getValue().asInt(-1);
      Preconditions.checkArgument(
          id >= 0 && id < byId.length && byId[id] == null,
          "%s: model.vocab[\"%s\"] has an invalid or repeated id %s",
          origin,
          e.getKey(),
          e.getValue());
      byId[id] = e.getKey();
    }
    List<String> list = new ArrayList<>(byId.length);
    Collections.addAll(list, byId);
    return new Vocabulary(list, origin);
  }

  /** Writes the vocabulary in {@code vocab.txt} layout (atomically: temp file, then rename). */
  public void write(Path vocabTxt) throws IOException {
    io.tmr.core.io.AtomicFiles.writeString(vocabTxt, toVocabTxt());
  }

  /** The {@code vocab.txt} text: tokens by id, each followed by a newline. */
  public String toVocabTxt() {
    StringBuilder sb = new StringBuilder(tokens.length * 8);
    for (String t : tokens) {
      sb.append(t).append('\n');
    }
    return sb.toString();
  }

  /** SHA-256 of {@link #toVocabTxt()} (UTF-8), hex: identifies a vocabulary in manifests. */
  public String sha256() {
    return Hashing.sha256().hashString(toVocabTxt(), StandardCharsets.UTF_8).toString();
  }

  public int size() {
    return tokens.length;
  }

  /** The id of {@code token}, or -1 when absent. */
  public int id(String token) {
    Integer id = ids.get(token);
    return id == null ? -1 : id;
  }

  public boolean contains(String token) {
    return ids.containsKey(token);
  }

  public String token(int id) {
    Preconditions.checkElementIndex(id, tokens.length, "token id");
    return tokens[id];
  }

  /** Length in chars of the longest token: bounds the WordPiece longest-match search. */
  public int maxTokenChars() {
    return maxTokenChars;
  }

  public int padId() {
    return ids.get(PAD);
  }

  public int unkId() {
    return ids.get(UNK);
  }

  public int clsId() {
    return ids.get(CLS);
  }

  public int sepId() {
    return ids.get(SEP);
  }

  public int maskId() {
    return ids.get(MASK);
  }

  /** Whether the ids fit in 16 bits (the replay buffer stores them as {@code short} then). */
  public boolean fitsIn16Bits() {
    return tokens.length <= 65536;
  }
}
