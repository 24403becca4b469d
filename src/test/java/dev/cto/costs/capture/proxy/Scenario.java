package dev.cto.costs.capture.proxy;

import dev.cto.costs.domain.TokenCounts;
import java.util.Arrays;
import java.util.Optional;

/**
 * What one SDK call asks for and what the fake upstream answers. The SDK script puts the scenario
 * into the model name ({@code claude-fake-<name>}, {@code gpt-fake-<name>}); the fake picks its
 * answer by that name, so no state is shared between the test and the fake.
 *
 * <p>{@link #usage} is both what the fake reports on the wire (in the provider's own shape) and
 * what the store must hold afterwards. The numbers differ in every scenario, so a record can only
 * match the call it came from. OpenAI reports {@code prompt_tokens} including the cached part:
 * on the wire that is {@code input + cacheRead}, with {@code cached_tokens = cacheRead}.
 */
enum Scenario {
  ANTHROPIC_JSON(Sdk.ANTHROPIC, "json", Shape.JSON, 200, "msg_01FakeJson7Qb2sVx4Lm9Nq3",
      new TokenCounts(1021, 211, 3031, 0, 4041)),
  ANTHROPIC_STREAM(Sdk.ANTHROPIC, "stream", Shape.STREAM, 200, "msg_01FakeStream2Xh8Rk5Pw1Tz",
      new TokenCounts(1022, 322, 2032, 1032, 5042)),
  /** Cut after half the events: only message_start's counts (input, caches, output 1) were reported. */
  ANTHROPIC_STREAM_CUT(Sdk.ANTHROPIC, "stream-cut", Shape.CUT_STREAM, 200, "msg_01FakeCut9Jd3Fy6Gc8Vn",
      new TokenCounts(1025, 1, 0, 0, 6045)),
  ANTHROPIC_RATE_LIMITED(Sdk.ANTHROPIC, "error-429", Shape.ERROR, 429, null, TokenCounts.ZERO),
  ANTHROPIC_OVERLOADED(Sdk.ANTHROPIC, "error-529", Shape.ERROR, 529, null, TokenCounts.ZERO),

  OPENAI_JSON(Sdk.OPENAI, "json", Shape.JSON, 200, "chatcmpl-FakeJsonB7aK2mQ9xL4pR8",
      new TokenCounts(2011, 121, 0, 0, 1536)),
  /** The client does not ask for usage; the proxy must, and must hide the answer from the client. */
  OPENAI_STREAM(Sdk.OPENAI, "stream", Shape.STREAM, 200, "chatcmpl-FakeStreamC3dP7nW1yT6s",
      new TokenCounts(2012, 132, 0, 0, 1152)),
  OPENAI_STREAM_WITH_USAGE(Sdk.OPENAI, "stream-usage", Shape.STREAM, 200, "chatcmpl-FakeUsageD9eQ4vZ2hU5k",
      new TokenCounts(2013, 143, 0, 0, 1280)),
  OPENAI_RATE_LIMITED(Sdk.OPENAI, "error-429", Shape.ERROR, 429, null, TokenCounts.ZERO),
  OPENAI_RESPONSES_JSON(Sdk.OPENAI, "responses-json", Shape.JSON, 200, "resp_68fakejson0a1b2c3d4e5f6a7b8c9d0e1f2",
      new TokenCounts(2014, 154, 0, 0, 1408)),
  OPENAI_RESPONSES_STREAM(Sdk.OPENAI, "responses-stream", Shape.STREAM, 200, "resp_68fakestream9f8e7d6c5b4a3928170615",
      new TokenCounts(2015, 165, 0, 0, 1664));

  /** Which official SDK makes the call (and so which provider's API it speaks). */
  enum Sdk {
    ANTHROPIC("anthropic", "claude-fake-"),
    OPENAI("openai", "gpt-fake-");

    /** The provider argument of {@code sdk-call.mjs}, and the proxy's route name. */
    final String id;
    final String modelPrefix;

    Sdk(String id, String modelPrefix) {
      this.id = id;
      this.modelPrefix = modelPrefix;
    }
  }

  enum Shape { JSON, STREAM, CUT_STREAM, ERROR }

  final Sdk sdk;
  /** The scenario argument of {@code sdk-call.mjs}. */
  final String scriptName;
  final Shape shape;
  final int status;
  /** The provider's message / completion / response id: the record id the proxy must use. */
  final String messageId;
  final TokenCounts usage;

  Scenario(Sdk sdk, String scriptName, Shape shape, int status, String messageId, TokenCounts usage) {
    this.sdk = sdk;
    this.scriptName = scriptName;
    this.shape = shape;
    this.status = status;
    this.messageId = messageId;
    this.usage = usage;
  }

  String model() {
    return sdk.modelPrefix + scriptName;
  }

  /** The request id header the fake sends ({@code request-id} / {@code x-request-id}). */
  String requestId() {
    return "req_fake_" + name().toLowerCase(java.util.Locale.ROOT);
  }

  static Optional<Scenario> byModel(String model) {
    return Arrays.stream(values()).filter(s -> s.model().equals(model)).findFirst();
  }
}
