package io.tmr.core.corpus;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.BufferedReader;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.function.Consumer;

/**
 * A user's own documents: every {@code *.txt} file under a folder is one document; every line of a
 * {@code *.jsonl} file is one document with a {@code text} field (and optionally {@code id}).
 */
public final class DirectorySource {
  private static final ObjectMapper JSON = io.tmr.config.StrictJson.json();
  private final Path dir;
  private final String name;

  public DirectorySource(Path dir) {
    this.dir = dir.toAbsolutePath().normalize();
    this.name = "dir:" + this.dir.getFileName();
  }

  public String name() {
    return name;
  }

  public Path dir() {
    return dir;
  }

  /** The files read, for the manifest checksum. */
  public List<Path> files() throws IOException {
    if (!Files.isDirectory(dir)) {
      throw new CorpusException("--dir " + dir + ": not a folder");
    }
    List<Path> files = TreeDigest.files(dir, "**.{txt,jsonl}");
    if (files.isEmpty()) {
      throw new CorpusException("--dir " + dir + ": no .txt or .jsonl files found");
    }
    return files;
  }

  public String sha256() throws IOException {
    return TreeDigest.of(dir, "**.{txt,jsonl}");
  }

  public void documents(Consumer<Document> sink) throws IOException {
    for (Path p : files()) {
      String rel = dir.relativize(p).toString().replace('\\', '/');
      if (rel.endsWith(".txt")) {
        String text = Texts.unwrapParagraphs(Texts.tidy(Texts.read(p)));
        if (!text.isEmpty()) {
          sink.accept(new Document(name + "/" + rel, name, text));
        }
        continue;
      }
      try (BufferedReader in = Files.newBufferedReader(p, StandardCharsets.UTF_8)) {
        String line;
        int lineNo = 0;
        while ((line = in.readLine()) != null) {
          lineNo++;
          if (line.isBlank()) {
            continue;
          }
          JsonNode node;
          try {
            node = JSON.readTree(line);
          } catch (IOException e) {
            throw new CorpusException(p + ":" + lineNo + ": not valid JSON: " + e.getMessage());
          }
          JsonNode text = node.get("text");
          if (text == null || !text.isTextual()) {
            throw new CorpusException(
                p + ":" + lineNo + ": field 'text' is missing or not a string");
          }
          JsonNode id = node.get("id");
          String docId =
              name
                  + "/"
                  + rel
                  + "#"
                  + (id != null && !id.isNull() ? id.asText() : Integer.toString(lineNo));
          String t = Texts.tidy(text.asText());
          if (!t.isEmpty()) {
            sink.accept(new Document(docId, name, t));
          }
        }
      }
    }
  }
}
