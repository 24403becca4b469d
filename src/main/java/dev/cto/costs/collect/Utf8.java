package dev.cto.costs.collect;

import java.nio.ByteBuffer;
import java.nio.CharBuffer;
import java.nio.charset.CharsetDecoder;
import java.nio.charset.CoderResult;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;

/**
 * Checks bytes are valid UTF-8 before they reach the JSON parser, which does not check every
 * sequence (e.g. inside field names) and would report a confusing syntax error instead. ASCII, by
 * far the usual input, is settled by one pass over the bytes; only other text is decoded.
 */
final class Utf8 {

  private Utf8() {}

  /** The offset of the first byte that is not valid UTF-8, or -1 when all of them are. */
  static int firstInvalid(byte[] bytes, int from, int to) {
    int i = from;
    while (i < to && bytes[i] >= 0) {
      i++;
    }
    if (i == to) {
      return -1;
    }
    CharsetDecoder decoder = StandardCharsets.UTF_8.newDecoder()
        .onMalformedInput(CodingErrorAction.REPORT)
        .onUnmappableCharacter(CodingErrorAction.REPORT);
    ByteBuffer in = ByteBuffer.wrap(bytes, i, to - i);
    CharBuffer out = CharBuffer.allocate(Math.min(to - i, 8192));
    while (true) {
      CoderResult result = decoder.decode(in, out, true);
      if (result.isError()) {
        return in.position();
      }
      if (result.isUnderflow()) {
        return decoder.flush(out).isError() ? in.position() : -1;
      }
      out.clear(); // overflow: the characters are not needed, only the verdict
    }
  }
}
