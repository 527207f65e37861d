package io.tmr.core.corpus;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.function.Consumer;
import java.util.regex.Pattern;
import java.util.zip.DataFormatException;
import java.util.zip.Inflater;

/**
 * The World English Bible (public domain) from the SWORD zText module: {@code *.bzs} lists the
 * compressed blocks (little-endian offset, compressed size, uncompressed size), {@code *.bzz} holds
 * zlib blocks of OSIS XML; each block (about a book) is inflated, its tags stripped, and becomes
 * one document.
 */
public final class WebBibleSource implements CorpusSource {
  private static final String DIR = "usr/share/sword/modules/texts/ztext/engWEB2015eb/";
  private static final Pattern NOTE = Pattern.compile("(?s)<note\\b.*?</note>");
  private static final Pattern TAG = Pattern.compile("<[^>]*>");

  @Override
  public String name() {
    return "web-bible";
  }

  @Override
  public String group() {
    return "apt";
  }

  @Override
  public String description() {
    return "World English Bible (Debian sword-text-web), OSIS tags stripped";
  }

  @Override
  public String licence() {
    return "public domain";
  }

  @Override
  public PackageSpec pkg() {
    return new PackageSpec(
        "apt",
        "sword-text-web",
        "426.0-1",
        DIR + "*.{bzs,bzz}",
        "c74705127f40e73d2648e87d85a8565c7ee935c84eb3cc622b9bb79a983899a4");
  }

  @Override
  public void documents(Path root, Consumer<Document> sink) throws IOException {
    for (String testament : new String[] {"ot", "nt"}) {
      ByteBuffer index =
          ByteBuffer.wrap(Files.readAllBytes(root.resolve(DIR + testament + ".bzs")))
              .order(ByteOrder.LITTLE_ENDIAN);
      byte[] data = Files.readAllBytes(root.resolve(DIR + testament + ".bzz"));
      for (int block = 0; index.remaining() >= 12; block++) {
        long offset = Integer.toUnsignedLong(index.getInt());
        int compressed = index.getInt();
        int size = index.getInt();
        String xml = inflate(data, (int) offset, compressed, size, testament, block);
        String text =
            TAG.matcher(NOTE.matcher(xml).replaceAll(" "))
                .replaceAll(" ")
                .replace("&amp;", "&")
                .replace("&lt;", "<")
                .replace("&gt;", ">")
                .replace("&quot;", "\"")
                .replace("&apos;", "'");
        text = Texts.tidy(text.replaceAll("[ \\t]*\\n[ \\t]*", " "));
        if (!text.isBlank()) {
          sink.accept(
              new Document(String.format("%s/%s/%03d", name(), testament, block), name(), text));
        }
      }
    }
  }

  private static String inflate(
      byte[] data, int offset, int length, int size, String testament, int block) {
    Inflater inflater = new Inflater();
    try {
      inflater.setInput(data, offset, length);
      byte[] out = new byte[size];
      int n = 0;
      while (n < size && !inflater.finished()) {
        int k = inflater.inflate(out, n, size - n);
        if (k == 0 && (inflater.needsInput() || inflater.needsDictionary())) {
          break;
        }
        n += k;
      }
      return new String(out, 0, n, StandardCharsets.UTF_8);
    } catch (DataFormatException e) {
      throw new CorpusException(
          "corrupt zlib block " + block + " in " + testament + ".bzz: " + e.getMessage(), e);
    } finally {
      inflater.end();
    }
  }
}
