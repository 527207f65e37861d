package io.tmr.config.fuzz;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.ByteArrayOutputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;

/**
 * Malformed variants of a valid file, for the fuzz tests of every reader of user files (GLUE TSV,
 * SQuAD, predictions, configs, experiments, safetensors). Two kinds, mixed by {@link #variants}:
 *
 * <ul>
 *   <li>byte edits (1–4 of: overwrite a byte, delete or duplicate a run, insert or overwrite with a
 *       parser-breaking token, truncate, swap two bytes), which mostly test the syntax layer;
 *   <li>tree edits of the file's JSON/YAML tree (1–3 of: a value replaced by one of another type or
 *       an extreme one, a field or element removed, a key renamed, an element appended, a value
 *       wrapped in a list), written back, which reach the validation behind the syntax.
 * </ul>
 *
 * The edits are drawn by jqwik, so a failure is shrunk and reported with its seed.
 */
public final class Malformed {
  private Malformed() {}

  /** Byte strings that break parsers: separators, quotes, brackets, numbers, control/bad UTF-8. */
  static final List<byte[]> TOKENS =
      List.of(
          b("\t"),
          b("\n"),
          b("\r\n"),
          b("\""),
          b("'"),
          b("\\"),
          b("{"),
          b("}"),
          b("["),
          b("]"),
          b(":"),
          b(","),
          b("- "),
          b("  "),
          b("#"),
          b("&a *a"),
          b("!!binary"),
          b("NaN"),
          b("-Infinity"),
          b("1e999"),
          b("-1"),
          b("0"),
          b("99999999999999999999999"),
          b("4611686018427387904"),
          b("2147483648"),
          b("null"),
          b("true"),
          b("\u0000"),
          b("\u0007"),
          b("\u2028"),
          b("\uD83D\uDE00"),
          new byte[] {(byte) 0xff},
          new byte[] {(byte) 0xc3},
          new byte[] {(byte) 0xed, (byte) 0xa0, (byte) 0x80},
          new byte[] {(byte) 0xef, (byte) 0xbb, (byte) 0xbf});

  /** Values of every JSON type, and extreme ones, that replace a node in a tree edit. */
  static final List<JsonNode> ODD_VALUES;

  static {
    JsonNodeFactory f = JsonNodeFactory.instance;
    List<JsonNode> v = new ArrayList<>();
    v.add(f.nullNode());
    v.add(f.booleanNode(true));
    v.add(f.textNode(""));
    v.add(f.textNode("x"));
    v.add(f.textNode("NaN"));
    v.add(f.textNode("\u0000\uD83D\uDE00\t\n"));
    v.add(f.textNode("w".repeat(20_000)));
    v.add(f.numberNode(-1));
    v.add(f.numberNode(0));
    v.add(f.numberNode(1.5));
    v.add(f.numberNode(Integer.MAX_VALUE + 1L));
    v.add(f.numberNode(Long.MAX_VALUE));
    v.add(f.numberNode(-Long.MAX_VALUE));
    v.add(f.numberNode(1e308));
    v.add(f.numberNode(-1e308));
    v.add(f.numberNode(Double.MIN_VALUE));
    v.add(f.numberNode(new java.math.BigInteger("123456789012345678901234567890")));
    v.add(f.arrayNode());
    v.add(f.arrayNode().add(1).add("a"));
    v.add(f.objectNode());
    v.add(f.objectNode().put("a", 1));
    ODD_VALUES = List.copyOf(v);
  }

  private static byte[] b(String s) {
    return s.getBytes(StandardCharsets.UTF_8);
  }

  /** One edit: its kind and three numbers that pick positions, lengths and tokens (modulo). */
  record Edit(int kind, int a, int b, int c) {}

  private static Arbitrary<List<Edit>> edits(int kinds, int max) {
    Arbitrary<Integer> any = Arbitraries.integers().between(0, Integer.MAX_VALUE);
    return Combinators.combine(Arbitraries.integers().between(0, kinds - 1), any, any, any)
        .as(Edit::new)
        .list()
        .ofMinSize(1)
        .ofMaxSize(max);
  }

  /** 1–4 byte edits of {@code valid}. */
  public static Arbitrary<byte[]> bytes(byte[] valid) {
    byte[] copy = valid.clone();
    return edits(7, 4).map(list -> applyBytes(copy, list));
  }

  /** 1–3 tree edits of {@code valid}, written with {@code writer} (a JSON or YAML mapper). */
  public static Arbitrary<byte[]> tree(JsonNode valid, ObjectMapper writer) {
    JsonNode copy = valid.deepCopy();
    return edits(5, 3)
        .map(
            list -> {
              JsonNode t = copy.deepCopy();
              for (Edit e : list) {
                t = applyTree(t, e);
              }
              try {
                return writer.writeValueAsBytes(t);
              } catch (JsonProcessingException ex) {
                throw new UncheckedIOException(ex);
              }
            });
  }

  /** Byte edits of {@code valid} and tree edits of its tree ({@code reader} parses, writes). */
  public static Arbitrary<byte[]> variants(byte[] valid, ObjectMapper reader) {
    JsonNode tree;
    try {
      tree = reader.readTree(valid);
    } catch (java.io.IOException e) {
      throw new UncheckedIOException(e);
    }
    return Arbitraries.oneOf(bytes(valid), tree(tree, reader));
  }

  static byte[] applyBytes(byte[] valid, List<Edit> edits) {
    byte[] d = valid;
    for (Edit e : edits) {
      int n = d.length;
      int at = n == 0 ? 0 : e.a() % (n + 1);
      byte[] token = TOKENS.get(e.c() % TOKENS.size());
      switch (e.kind()) {
        case 0 -> {
          if (n > 0) {
            d = d.clone();
            d[Math.min(at, n - 1)] = (byte) e.b();
          }
        }
        case 1 -> d = splice(d, at, Math.min(n - at, 1 + e.b() % 16), new byte[0]);
        case 2 -> d = splice(d, at, 0, token);
        case 3 -> d = Arrays.copyOf(d, at);
        case 4 -> {
          int len = Math.min(n - at, 1 + e.b() % 32);
          d = splice(d, at, 0, Arrays.copyOfRange(d, at, at + len));
        }
        case 5 -> {
          if (n > 1) {
            d = d.clone();
            int i = Math.min(at, n - 1);
            int j = e.b() % n;
            byte t = d[i];
            d[i] = d[j];
            d[j] = t;
          }
        }
        default -> d = splice(d, at, Math.min(n - at, token.length), token);
      }
    }
    return d;
  }

  private static byte[] splice(byte[] d, int at, int remove, byte[] insert) {
    ByteArrayOutputStream out = new ByteArrayOutputStream(d.length + insert.length);
    out.write(d, 0, at);
    out.write(insert, 0, insert.length);
    out.write(d, at + remove, d.length - at - remove);
    return out.toByteArray();
  }

  /** A place in a tree: a container and the field name or index of one of its children. */
  private record Slot(JsonNode container, String field, int index) {}

  private static void slots(JsonNode n, List<Slot> out) {
    if (n.isObject()) {
      n.fieldNames()
          .forEachRemaining(
              k -> {
                out.add(new Slot(n, k, -1));
                slots(n.get(k), out);
              });
    } else if (n.isArray()) {
      for (int i = 0; i < n.size(); i++) {
        out.add(new Slot(n, null, i));
        slots(n.get(i), out);
      }
    }
  }

  static JsonNode applyTree(JsonNode root, Edit e) {
    List<Slot> all = new ArrayList<>();
    slots(root, all);
    JsonNode odd = ODD_VALUES.get(e.c() % ODD_VALUES.size()).deepCopy();
    if (all.isEmpty()) {
      return odd;
    }
    Slot s = all.get(e.a() % all.size());
    JsonNode child =
        s.field() != null ? s.container().get(s.field()) : s.container().get(s.index());
    switch (e.kind()) {
      case 0 -> set(s, odd);
      case 1 -> {
        if (s.field() != null) {
          ((ObjectNode) s.container()).remove(s.field());
        } else {
          ((ArrayNode) s.container()).remove(s.index());
        }
      }
      case 2 -> {
        if (s.field() != null) {
          ObjectNode o = (ObjectNode) s.container();
          o.remove(s.field());
          o.set(e.b() % 2 == 0 ? s.field() + "x" : "", child);
        } else {
          set(s, odd);
        }
      }
      case 3 -> {
        if (child.isArray()) {
          ((ArrayNode) child)
              .add(child.size() > 0 && e.b() % 2 == 0 ? child.get(0).deepCopy() : odd);
        } else {
          set(s, odd);
        }
      }
      default -> set(s, JsonNodeFactory.instance.arrayNode().add(child));
    }
    return root;
  }

  private static void set(Slot s, JsonNode value) {
    if (s.field() != null) {
      ((ObjectNode) s.container()).set(s.field(), value);
    } else {
      ((ArrayNode) s.container()).set(s.index(), value);
    }
  }
}
