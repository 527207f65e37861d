package io.tmr.core.corpus;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.BufferedReader;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.function.Consumer;

/**
 * Reads a corpus JSONL file document by document; a malformed line is an error naming file and
 * line.
 */
public final class CorpusReader {
  private static final ObjectMapper JSON = io.tmr.config.StrictJson.json();

  private CorpusReader() {}

  public static void read(Path jsonl, Consumer<Document> sink) throws IOException {
    if (!Files.isRegularFile(jsonl)) {
      throw new CorpusException("corpus file not found: " + jsonl + " (run `tmr corpus build`)");
    }
    try (BufferedReader in = Files.newBufferedReader(jsonl, StandardCharsets.UTF_8)) {
      String line;
      int lineNo = 0;
      while ((line = in.readLine()) != null) {
        lineNo++;
        if (line.isBlank()) {
          continue;
        }
        JsonNode n;
        try {
          n = JSON.readTree(line);
        } catch (IOException e) {
          throw new CorpusException(jsonl + ":" + lineNo + ": not valid JSON: " + e.getMessage());
        }
        sink.accept(
            new Document(
                field(n, "id", jsonl, lineNo),
                field(n, "source", jsonl, lineNo),
                field(n, "text", jsonl, lineNo)));
      }
    }
  }

  private static String field(JsonNode n, String name, Path file, int line) {
    JsonNode v = n.get(name);
    if (v == null || !v.isTextual()) {
      throw new CorpusException(
          file + ":" + line + ": field '" + name + "' is missing or not a string");
    }
    return v.asText();
  }
}
