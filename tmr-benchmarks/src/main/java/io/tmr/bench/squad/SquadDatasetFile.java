package io.tmr.bench.squad;

import com.fasterxml.jackson.core.JsonEncoding;
import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.tmr.bench.task.DataFormatException;
import io.tmr.bench.task.QaAnswer;
import io.tmr.bench.task.QaArticle;
import io.tmr.bench.task.QaDataset;
import io.tmr.bench.task.QaParagraph;
import io.tmr.bench.task.QaQuestion;
import io.tmr.bench.task.QaScoring;
import io.tmr.core.io.AtomicFiles;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Reads and writes SQuAD dataset JSON: {@code {"version", "data": [{"title", "paragraphs":
 * [{"context", "qas": [{"id", "question", "answers": [{"text", "answer_start"}], "is_impossible"?,
 * "plausible_answers"?}]}]}]}}.
 *
 * <p>Reading validates what fine-tuning and scoring rely on and reports the JSON path of the first
 * problem: required fields and their types, unique question ids, and every answer (and plausible
 * answer) being the context's text at {@code answer_start} (a code-point offset, as Python slices).
 * Unknown fields are ignored.
 */
public final class SquadDatasetFile {

  static final ObjectMapper JSON =
      io.tmr.config.StrictJson.json()
          // Python's json.load rejects trailing data after the document ("Extra data").
          .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS);

  /**
   * Python's {@code json.load} as the official scoring scripts read a predictions file: a repeated
   * key keeps its first position and its last value, so TMR's scores match theirs on such files.
   */
  static final ObjectMapper PYTHON_JSON =
      new ObjectMapper().enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS);

  private SquadDatasetFile() {}

  /**
   * Reads a dataset for scoring or fine-tuning under {@code scoring}'s rules: v1.1 additionally
   * requires every question to have an answer (the v1.1 script crashes on one without) and no
   * {@code is_impossible} question.
   *
   * @throws DataFormatException naming the file and the JSON path of the problem
   */
  public static QaDataset read(Path file, QaScoring scoring) throws IOException {
    JsonNode root = parse(file);
    return new Reader(file, scoring).dataset(root);
  }

  /** Parses a JSON file, reporting syntax errors (truncation included) by line and column. */
  static JsonNode parse(Path file) throws IOException {
    return parse(file, JSON);
  }

  /** {@link #parse(Path)} with {@code mapper}. */
  static JsonNode parse(Path file, ObjectMapper mapper) throws IOException {
    try {
      JsonNode root = mapper.readTree(file.toFile());
      if (root == null || root.isMissingNode()) {
        throw new DataFormatException(file, "line 1", null, "empty file; expected a JSON object");
      }
      return root;
    } catch (JsonProcessingException e) {
      JsonLocation at = e.getLocation();
      String where = at == null ? "$" : "line " + at.getLineNr() + ", column " + at.getColumnNr();
      throw new DataFormatException(
          file, where, null, "not valid JSON (truncated?): " + e.getOriginalMessage(), e);
    }
  }

  /**
   * Writes {@code dataset} in the official layout (v2.0 fields only where set), atomically. Reading
   * the result gives an equal dataset.
   */
  public static void write(Path file, QaDataset dataset) throws IOException {
    AtomicFiles.write(
        file,
        out -> {
          try (JsonGenerator g = JSON.getFactory().createGenerator(out, JsonEncoding.UTF8)) {
            g.disable(JsonGenerator.Feature.AUTO_CLOSE_TARGET);
            g.writeStartObject();
            g.writeArrayFieldStart("data");
            for (QaArticle article : dataset.articles()) {
              g.writeStartObject();
              g.writeStringField("title", article.title());
              g.writeArrayFieldStart("paragraphs");
              for (QaParagraph p : article.paragraphs()) {
                g.writeStartObject();
                g.writeStringField("context", p.context());
                g.writeArrayFieldStart("qas");
                for (QaQuestion q : p.questions()) {
                  g.writeStartObject();
                  g.writeArrayFieldStart("answers");
                  writeAnswers(g, q.answers());
                  g.writeEndArray();
                  g.writeStringField("question", q.question());
                  g.writeStringField("id", q.id());
                  if (q.impossible() || !q.plausibleAnswers().isEmpty()) {
                    g.writeBooleanField("is_impossible", q.impossible());
                  }
                  if (!q.plausibleAnswers().isEmpty()) {
                    g.writeArrayFieldStart("plausible_answers");
                    writeAnswers(g, q.plausibleAnswers());
                    g.writeEndArray();
                  }
                  g.writeEndObject();
                }
                g.writeEndArray();
                g.writeEndObject();
              }
              g.writeEndArray();
              g.writeEndObject();
            }
            g.writeEndArray();
            g.writeStringField("version", dataset.version());
            g.writeEndObject();
          }
          out.write('\n');
        });
  }

  private static void writeAnswers(JsonGenerator g, List<QaAnswer> answers) throws IOException {
    for (QaAnswer a : answers) {
      g.writeStartObject();
      g.writeNumberField("answer_start", a.answerStart());
      g.writeStringField("text", a.text());
      g.writeEndObject();
    }
  }

  /** One read: carries the file for messages and the ids seen so far. */
  private static final class Reader {
    private final Path file;
    private final QaScoring scoring;
    private final Map<String, String> pathOfId = new HashMap<>();

    Reader(Path file, QaScoring scoring) {
      this.file = file;
      this.scoring = scoring;
    }

    QaDataset dataset(JsonNode root) throws DataFormatException {
      requireObject(root, "$");
      String version = text(root, "$", "version");
      JsonNode data = array(root, "$", "data");
      List<QaArticle> articles = new ArrayList<>();
      for (int i = 0; i < data.size(); i++) {
        articles.add(article(data.get(i), "$.data[" + i + "]"));
      }
      return new QaDataset(version, articles);
    }

    private QaArticle article(JsonNode node, String path) throws DataFormatException {
      requireObject(node, path);
      String title = text(node, path, "title");
      JsonNode paragraphs = array(node, path, "paragraphs");
      List<QaParagraph> out = new ArrayList<>();
      for (int i = 0; i < paragraphs.size(); i++) {
        out.add(paragraph(paragraphs.get(i), path + ".paragraphs[" + i + "]"));
      }
      return new QaArticle(title, out);
    }

    private QaParagraph paragraph(JsonNode node, String path) throws DataFormatException {
      requireObject(node, path);
      String context = text(node, path, "context");
      int contextCodePoints = context.codePointCount(0, context.length());
      JsonNode qas = array(node, path, "qas");
      List<QaQuestion> questions = new ArrayList<>();
      for (int i = 0; i < qas.size(); i++) {
        questions.add(question(qas.get(i), path + ".qas[" + i + "]", context, contextCodePoints));
      }
      return new QaParagraph(context, questions);
    }

    private QaQuestion question(JsonNode node, String path, String context, int contextCodePoints)
        throws DataFormatException {
      requireObject(node, path);
      String id = text(node, path, "id");
      String firstPath = pathOfId.putIfAbsent(id, path);
      if (firstPath != null) {
        throw new DataFormatException(
            file, path, "id", "duplicate question id \"" + id + "\" (first at " + firstPath + ")");
      }
      String question = text(node, path, "question");
      List<QaAnswer> answers =
          answers(array(node, path, "answers"), path + ".answers", context, contextCodePoints);
      boolean impossible = false;
      JsonNode flag = node.get("is_impossible");
      if (flag != null && !flag.isNull()) {
        if (!flag.isBoolean()) {
          throw new DataFormatException(
              file, path, "is_impossible", "expected true or false, found " + flag.getNodeType());
        }
        impossible = flag.booleanValue();
      }
      if (impossible && !answers.isEmpty()) {
        throw new DataFormatException(
            file,
            path + ".answers",
            null,
            "an is_impossible question must have no answers (they belong in plausible_answers)");
      }
      List<QaAnswer> plausible = List.of();
      JsonNode plausibleNode = node.get("plausible_answers");
      if (plausibleNode != null && !plausibleNode.isNull()) {
        plausible =
            answers(
                array(node, path, "plausible_answers"),
                path + ".plausible_answers",
                context,
                contextCodePoints);
      }
      if (scoring == QaScoring.SQUAD_V1_1) {
        if (impossible) {
          throw new DataFormatException(
              file,
              path,
              "is_impossible",
              "a v1.1 dataset has no unanswerable questions; score it as version 2.0");
        }
        if (answers.isEmpty()) {
          throw new DataFormatException(
              file,
              path + ".answers",
              null,
              "a v1.1 question needs at least "
                  + "one answer (the v1.1 script fails on none); is this a v2.0 file?");
        }
      }
      return new QaQuestion(id, question, answers, impossible, plausible);
    }

    private List<QaAnswer> answers(
        JsonNode array, String path, String context, int contextCodePoints)
        throws DataFormatException {
      List<QaAnswer> out = new ArrayList<>();
      for (int i = 0; i < array.size(); i++) {
        String at = path + "[" + i + "]";
        JsonNode node = array.get(i);
        requireObject(node, at);
        String text = text(node, at, "text");
        JsonNode startNode = node.get("answer_start");
        if (startNode == null || !startNode.canConvertToInt() || !startNode.isIntegralNumber()) {
          throw new DataFormatException(
              file,
              at,
              "answer_start",
              startNode == null ? "missing" : "expected an integer, found " + startNode);
        }
        int start = startNode.intValue();
        int textCodePoints = text.codePointCount(0, text.length());
        if (start < 0 || start + textCodePoints > contextCodePoints) {
          throw new DataFormatException(
              file,
              at,
              "answer_start",
              "answer_start "
                  + start
                  + " + answer length "
                  + textCodePoints
                  + " lies outside the context ("
                  + contextCodePoints
                  + " characters)");
        }
        int charStart = context.offsetByCodePoints(0, start);
        int charEnd = charStart + text.length();
        if (charEnd > context.length()
            || !context.regionMatches(charStart, text, 0, text.length())) {
          int shownEnd =
              Math.min(
                  context.length(),
                  context.offsetByCodePoints(
                      charStart, Math.min(textCodePoints, contextCodePoints - start)));
          throw new DataFormatException(
              file,
              at,
              "answer_start",
              "the context at "
                  + start
                  + " reads \""
                  + context.substring(charStart, shownEnd)
                  + "\", not the answer text \""
                  + text
                  + "\"");
        }
        out.add(new QaAnswer(text, start, charStart, charEnd));
      }
      return out;
    }

    private void requireObject(JsonNode node, String path) throws DataFormatException {
      if (node == null || !node.isObject()) {
        throw new DataFormatException(
            file,
            path,
            null,
            "expected a JSON object, found " + (node == null ? "nothing" : node.getNodeType()));
      }
    }

    private String text(JsonNode parent, String path, String field) throws DataFormatException {
      JsonNode node = parent.get(field);
      if (node == null || !node.isTextual()) {
        throw new DataFormatException(
            file,
            path,
            field,
            node == null ? "missing" : "expected a string, found " + node.getNodeType());
      }
      return node.textValue();
    }

    private JsonNode array(JsonNode parent, String path, String field) throws DataFormatException {
      JsonNode node = parent.get(field);
      if (node == null || !node.isArray()) {
        throw new DataFormatException(
            file,
            path,
            field,
            node == null ? "missing" : "expected an array, found " + node.getNodeType());
      }
      return node;
    }
  }
}
