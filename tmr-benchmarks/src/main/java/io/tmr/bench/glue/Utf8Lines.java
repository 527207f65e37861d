package io.tmr.bench.glue;

import io.tmr.bench.task.DataFormatException;
import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.CharBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CharsetDecoder;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;

/**
 * Reads a text file line by line as strict UTF-8, so that a bad byte is reported with its line.
 * Lines end at LF; a CR right before it (CRLF) is dropped. A UTF-8 byte order mark is removed from
 * the start of the file only; {@link #next()} callers reject one anywhere else.
 */
final class Utf8Lines implements AutoCloseable {

  static final char BOM = '\uFEFF';

  private final Path file;
  private final InputStream in;
  private final CharsetDecoder decoder =
      StandardCharsets.UTF_8
          .newDecoder()
          .onMalformedInput(CodingErrorAction.REPORT)
          .onUnmappableCharacter(CodingErrorAction.REPORT);

  /** Bytes read from the file and not yet returned: {@code chunk[chunkPos, chunkEnd)}. */
  private final byte[] chunk = new byte[1 << 16];

  private int chunkPos;
  private int chunkEnd;

  /** The line being assembled. */
  private byte[] buf = new byte[8192];

  private int lineNumber;
  private boolean eof;

  Utf8Lines(Path file) throws IOException {
    this.file = file;
    this.in = Files.newInputStream(file);
  }

  /** The 1-based number of the line last returned. */
  int lineNumber() {
    return lineNumber;
  }

  /**
   * The next line without its terminator, or {@code null} at the end. A final line without a
   * newline is returned; the empty remainder after a final newline is not a line.
   */
  String next() throws IOException {
    if (eof) {
      return null;
    }
    int len = 0;
    boolean newline = false;
    while (!newline) {
      if (chunkPos == chunkEnd) {
        chunkEnd = in.read(chunk);
        chunkPos = 0;
        if (chunkEnd <= 0) {
          chunkEnd = 0;
          eof = true;
          break;
        }
      }
      int stop = chunkPos;
      while (stop < chunkEnd && chunk[stop] != '\n') {
        stop++;
      }
      int n = stop - chunkPos;
      if (len + n > buf.length) {
        buf = Arrays.copyOf(buf, Math.max(buf.length * 2, len + n));
      }
      System.arraycopy(chunk, chunkPos, buf, len, n);
      len += n;
      newline = stop < chunkEnd;
      chunkPos = newline ? stop + 1 : stop;
    }
    if (eof && len == 0) {
      return null;
    }
    lineNumber++;
    if (len > 0 && buf[len - 1] == '\r') {
      len--;
    }
    String line;
    try {
      CharBuffer chars = decoder.reset().decode(ByteBuffer.wrap(buf, 0, len));
      line = chars.toString();
    } catch (CharacterCodingException e) {
      throw DataFormatException.atLine(file, lineNumber, null, "not valid UTF-8");
    }
    if (lineNumber == 1 && !line.isEmpty() && line.charAt(0) == BOM) {
      line = line.substring(1);
    }
    return line;
  }

  @Override
  public void close() throws IOException {
    in.close();
  }
}
