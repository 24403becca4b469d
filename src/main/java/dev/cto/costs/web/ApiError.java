package dev.cto.costs.web;

import dev.cto.costs.collect.FieldError;
import java.util.List;

/** The body of every error response: {@code {"error": "...", "details": [...]}}. */
record ApiError(String error, List<Detail> details) {

  record Detail(int index, Integer line, String field, String message) {
    static Detail of(FieldError e) {
      return new Detail(e.index(), e.line(), e.field(), e.message());
    }
  }

  static ApiError of(String message) {
    return new ApiError(message, List.of());
  }
}
