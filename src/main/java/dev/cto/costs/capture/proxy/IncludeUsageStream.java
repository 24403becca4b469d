package dev.cto.costs.capture.proxy;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.core.StreamReadConstraints;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;

/**
 * {@link IncludeUsage} for a body too large to hold: the JSON is copied token by token as it is
 * read, and {@code stream_options} is held back and written last, because whether the request
 * streams ({@code "stream": true}) may only be known after it. Only that small member is ever
 * held; the rest (the messages, images) passes through. Once the request is known to stream,
 * {@code include_usage: true} goes into {@code stream_options}.
 */
final class IncludeUsageStream extends InputStream {

  /** One string may be as long as the body limit allows (a base64 image), not Jackson's 20 M default. */
  private static final JsonFactory FACTORY = JsonFactory.builder()
      .streamReadConstraints(StreamReadConstraints.builder().maxStringLength(Integer.MAX_VALUE).build()).build();

  private final JsonParser parser;
  private final JsonGenerator generator;
  private final ByteArrayOutputStream produced = new ByteArrayOutputStream();
  private byte[] pending = new byte[0];
  private int position;
  private int depth;
  private boolean streams;
  private JsonNode streamOptions;
  private boolean done;
  private volatile boolean injected;

  IncludeUsageStream(InputStream json) throws IOException {
    parser = FACTORY.createParser(json);
    generator = FACTORY.createGenerator(produced);
  }

  @Override
  public int read() throws IOException {
    byte[] one = new byte[1];
    return read(one, 0, 1) < 0 ? -1 : one[0] & 0xff;
  }

  @Override
  public int read(byte[] buffer, int offset, int length) throws IOException {
    while (position == pending.length) {
      if (done) {
        return -1;
      }
      step();
    }
    int n = Math.min(length, pending.length - position);
    System.arraycopy(pending, position, buffer, offset, n);
    position += n;
    return n;
  }

  /** Copies the next token (or held-back member) and makes what it produced readable. */
  private void step() throws IOException {
    JsonToken token = parser.nextToken();
    if (token == null) {
      done = true;
    } else if (depth == 1 && token == JsonToken.FIELD_NAME && parser.currentName().equals("stream_options")) {
      parser.nextToken();
      streamOptions = UsageTap.JSON.readTree(parser);
    } else if (depth == 1 && token == JsonToken.FIELD_NAME && parser.currentName().equals("stream")) {
      generator.copyCurrentEvent(parser);
      streams = parser.nextToken() == JsonToken.VALUE_TRUE;
      generator.copyCurrentStructure(parser);
    } else {
      if (depth == 1 && token == JsonToken.END_OBJECT) {
        writeStreamOptions();
      }
      generator.copyCurrentEventExact(parser);
      depth += token.isStructStart() ? 1 : token.isStructEnd() ? -1 : 0;
    }
    generator.flush();
    pending = produced.toByteArray();
    produced.reset();
    position = 0;
  }

  private void writeStreamOptions() throws IOException {
    JsonNode options = streamOptions;
    if (streams && (options == null || !options.path("include_usage").asBoolean(false))) {
      ObjectNode asked = options instanceof ObjectNode o ? o : UsageTap.JSON.createObjectNode();
      options = asked.put("include_usage", true);
      injected = true;
    }
    if (options != null) {
      generator.writeFieldName("stream_options");
      UsageTap.JSON.writeTree(generator, options);
    }
  }

  /** Whether {@code include_usage} was added: known once the whole body went through. */
  boolean injected() {
    return injected;
  }

  @Override
  public void close() throws IOException {
    parser.close();
  }
}
