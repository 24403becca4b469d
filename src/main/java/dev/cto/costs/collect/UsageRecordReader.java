package dev.cto.costs.collect;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.core.StreamReadFeature;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;
import dev.cto.costs.domain.UsageRecord;
import java.io.BufferedReader;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;

/**
 * Reads usage records in every accepted form (CONTRACT §1, §4): one object, a JSON array, {@code
 * {"records": [...]}}, or NDJSON. Every bad record is reported (a request is accepted or rejected
 * as a whole); a JSON syntax error ends a JSON document but only its own line in NDJSON.
 */
public final class UsageRecordReader {

  /** The request's shape, when the caller knows it (e.g. from the Content-Type). */
  public enum Form { AUTO, JSON, NDJSON }

  /** Reads whole documents (one NDJSON line): anything after the value is an error. */
  private final ObjectMapper mapper;
  /** Reads values one by one from a parser that continues after them (array elements). */
  private final ObjectMapper streamMapper;
  private final RecordValidator validator;

  public UsageRecordReader(Clock clock) {
    JsonFactory factory =
        JsonFactory.builder()
            .enable(StreamReadFeature.STRICT_DUPLICATE_DETECTION)
            .build();
    this.mapper =
        JsonMapper.builder(factory)
            .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS)
            .build();
    this.streamMapper = mapper.copy().disable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS);
    this.validator = new RecordValidator(clock);
  }

  /** Reads a request held in memory, detecting its form. */
  public ParsedBatch read(byte[] body, String source) {
    return read(body, Form.AUTO, source);
  }

  public ParsedBatch read(byte[] body, Form form, String source) {
    try {
      if (form == Form.NDJSON || form == Form.AUTO && looksLikeNdjson(body)) {
        return readNdjson(new ByteArrayInputStream(body), source);
      }
      return readJson(body, source);
    } catch (IOException e) {
      throw new IllegalStateException("reading from memory cannot fail", e);
    }
  }

  /** Reads NDJSON line by line from a stream, holding only the records, not the text. */
  public ParsedBatch readNdjson(InputStream in, String source) throws IOException {
    List<UsageRecord> records = new ArrayList<>();
    List<FieldError> errors = new ArrayList<>();
    BufferedReader lines =
        new BufferedReader(
            new InputStreamReader(
                in,
                StandardCharsets.UTF_8.newDecoder()
                    .onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT)),
            1 << 16);
    int lineNo = 0;
    int index = 0;
    while (true) {
      String line;
      try {
        line = lines.readLine();
      } catch (CharacterCodingException e) {
        errors.add(new FieldError(index, lineNo + 1, null, "invalid UTF-8; nothing after this line was read"));
        break;
      }
      if (line == null) {
        break;
      }
      lineNo++;
      if (line.isBlank()) {
        continue;
      }
      JsonNode node;
      try {
        node = mapper.readTree(line);
      } catch (JsonProcessingException e) {
        errors.add(new FieldError(index++, lineNo, null, syntax(e)));
        continue;
      }
      accept(node, index++, lineNo, source, records, errors);
    }
    if (index == 0 && errors.isEmpty()) {
      errors.add(new FieldError(-1, null, null, "no usage records in the input (it is empty)"));
    }
    return new ParsedBatch(records, errors);
  }

  private ParsedBatch readJson(byte[] body, String source) throws IOException {
    List<UsageRecord> records = new ArrayList<>();
    List<FieldError> errors = new ArrayList<>();
    int index = 0;
    try (JsonParser parser = streamMapper.createParser(body)) {
      JsonToken first = parser.nextToken();
      if (first == null) {
        errors.add(new FieldError(-1, null, null, "no usage records in the input (it is empty)"));
        return new ParsedBatch(records, errors);
      }
      if (first == JsonToken.START_OBJECT) {
        JsonNode root = streamMapper.readTree(parser);
        trailing(parser);
        if (root.size() == 1 && root.has("records")) {
          JsonNode array = root.get("records");
          if (!array.isArray()) {
            errors.add(new FieldError(-1, null, "records", "must be an array, was " + RecordValidator.kind(array)));
          } else {
            for (JsonNode node : array) {
              accept(node, index++, null, source, records, errors);
            }
          }
        } else {
          accept(root, index++, null, source, records, errors);
        }
      } else if (first == JsonToken.START_ARRAY) {
        while (parser.nextToken() != JsonToken.END_ARRAY) {
          if (parser.currentToken() == null) {
            throw new com.fasterxml.jackson.core.JsonParseException(parser, "unexpected end of input: the array is not closed");
          }
          accept(streamMapper.readTree(parser), index++, null, source, records, errors);
        }
        trailing(parser);
      } else {
        errors.add(new FieldError(-1, null, null,
            "expected a JSON object, an array of objects or NDJSON, found " + first.asString()));
      }
    } catch (JsonProcessingException e) {
      errors.add(new FieldError(index, null, null, syntax(e)));
    }
    if (index == 0 && errors.isEmpty()) {
      errors.add(new FieldError(-1, null, null, "no usage records in the input (the array is empty)"));
    }
    return new ParsedBatch(records, errors);
  }

  private void accept(JsonNode node, int index, Integer line, String source, List<UsageRecord> records, List<FieldError> errors) {
    UsageRecord record = validator.validate(node, source, e -> errors.add(new FieldError(index, line, e[0], e[1])));
    if (record != null) {
      records.add(record);
    }
  }

  private static void trailing(JsonParser parser) throws IOException {
    JsonToken extra = parser.nextToken();
    if (extra != null) {
      throw new com.fasterxml.jackson.core.JsonParseException(
          parser, "unexpected content after the JSON value (for several records use an array or NDJSON)");
    }
  }

  /** NDJSON when a complete top-level object is followed by another on a later line. */
  private static boolean looksLikeNdjson(byte[] body) {
    int i = 0;
    while (i < body.length && Character.isWhitespace(body[i])) {
      i++;
    }
    if (i >= body.length || body[i] != '{') {
      return false;
    }
    int newline = indexOf(body, (byte) '\n', i);
    if (newline < 0) {
      return false;
    }
    int next = newline + 1;
    while (next < body.length && Character.isWhitespace(body[next])) {
      next++;
    }
    if (next >= body.length || body[next] != '{') {
      return false;
    }
    // the first line must end a JSON value on its own: count braces outside strings
    int depth = 0;
    boolean inString = false;
    for (int k = i; k < newline; k++) {
      byte b = body[k];
      if (inString) {
        if (b == '\\') {
          k++;
        } else if (b == '"') {
          inString = false;
        }
      } else if (b == '"') {
        inString = true;
      } else if (b == '{' || b == '[') {
        depth++;
      } else if (b == '}' || b == ']') {
        depth--;
      }
    }
    return depth == 0;
  }

  private static int indexOf(byte[] body, byte b, int from) {
    for (int k = from; k < body.length; k++) {
      if (body[k] == b) {
        return k;
      }
    }
    return -1;
  }

  private static String syntax(JsonProcessingException e) {
    String message = e.getOriginalMessage();
    var location = e.getLocation();
    String where = location == null || location.getLineNr() < 0 ? "" : " (at line " + location.getLineNr() + ", column " + location.getColumnNr() + ")";
    return "malformed JSON: " + message + where;
  }
}
