package io.tmr.config;

import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.JsonParseException;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Predicate;

/**
 * Reads a YAML map of options, nested ({@code train: {steps: 5}}) and/or dotted ({@code
 * train.steps: 5}), into (dotted name, text as written, line) entries. Refuses, naming the file and
 * line(s): YAML syntax errors (with the column), a top level that is not a map, and an option given
 * twice in any spelling (a second {@code train:} block silently replacing the first one is how a
 * run once trained 1,200 steps instead of 2).
 */
public final class YamlScalars {
  private YamlScalars() {}

  /**
   * One option as the file wrote it. {@code value} is the scalar's text, or the JSON text of a list
   * or map value.
   */
  public record Entry(String name, String value, int line) {}

  private static final YAMLFactory YAML =
      YAMLFactory.builder()
          .enable(com.fasterxml.jackson.core.StreamReadFeature.STRICT_DUPLICATE_DETECTION)
          .build();
  private static final ObjectMapper TREES = new ObjectMapper(YAML);

  /**
   * The entries of {@code file}; a map under a name for which {@code isOption} is true is that
   * option's value (as JSON text), any other map nests names.
   *
   * @throws ConfigException naming the file and line
   */
  public static List<Entry> read(Path file, Predicate<String> isOption) {
    if (!Files.isRegularFile(file)) {
      throw new ConfigException("config file not found: " + file);
    }
    List<Entry> out = new ArrayList<>();
    Map<String, Integer> seen = new LinkedHashMap<>();
    try (JsonParser p = YAML.createParser(file.toFile())) {
      JsonToken t = p.nextToken();
      if (t == null) {
        return out;
      }
      if (t != JsonToken.START_OBJECT) {
        throw new ConfigException(
            file
                + ":"
                + line(p.currentTokenLocation())
                + ": the top level must be a map of options");
      }
      Deque<String> path = new ArrayDeque<>();
      while ((t = p.nextToken()) != null) {
        if (t == JsonToken.END_OBJECT) {
          if (path.isEmpty()) {
            break;
          }
          path.removeLast();
          continue;
        }
        String field = p.currentName();
        String name = path.isEmpty() ? field : String.join(".", path) + "." + field;
        int line = line(p.currentTokenLocation());
        JsonToken v = p.nextToken();
        String value;
        if (v == JsonToken.START_OBJECT && !isOption.test(name)) {
          path.addLast(field);
          continue;
        } else if (v == JsonToken.START_OBJECT || v == JsonToken.START_ARRAY) {
          value = TREES.readTree(p).toString();
        } else {
          value = v == JsonToken.VALUE_NULL ? "" : p.getText();
        }
        Integer first = seen.putIfAbsent(name, line);
        if (first != null) {
          throw new ConfigException(
              file
                  + ":"
                  + line
                  + ": option '"
                  + name
                  + "' is set twice (first at line "
                  + first
                  + ")");
        }
        out.add(new Entry(name, value, line));
      }
    } catch (JsonParseException e) {
      String msg = e.getOriginalMessage();
      if (msg != null && msg.startsWith("Duplicate field")) {
        throw new ConfigException(
            file
                + ":"
                + line(e.getLocation())
                + ": "
                + msg.replace("Duplicate field", "key set twice:").replace("for `ObjectNode`", ""));
      }
      JsonLocation at = e.getLocation();
      throw new ConfigException(
          file
              + ":"
              + line(at)
              + ":"
              + (at == null ? 0 : at.getColumnNr())
              + ": not valid YAML: "
              + (msg == null ? "" : msg.lines().findFirst().orElse("")),
          e);
    } catch (IOException e) {
      throw new ConfigException(file + ": cannot read: " + e.getMessage(), e);
    }
    return out;
  }

  private static int line(JsonLocation l) {
    return l == null ? 0 : l.getLineNr();
  }
}
