package dev.cto.costs.capture.proxy;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;

/** Helpers shared by the wire formats. */
final class Wire {

  private static final ObjectMapper JSON = new ObjectMapper();

  private Wire() {}

  /**
   * Readable JSON from a text block as the one-line compact JSON the providers send; parsing it
   * also proves the canned text is valid JSON.
   */
  static String compact(String json) {
    try {
      return JSON.readTree(json).toString();
    } catch (JsonProcessingException e) {
      throw new IllegalArgumentException("canned JSON does not parse: " + json, e);
    }
  }
}
