package dev.cto.costs.alerts;

import java.net.http.HttpClient;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Supplier;
import java.util.function.UnaryOperator;

/**
 * The alert sinks the config asks for, rebuilt when a reload changes it: each webhook, and the PR
 * comment while {@code post_to_pr} is on and a publisher is available.
 */
public final class ConfiguredSinks implements Supplier<List<AlertSink>> {

  private final Supplier<AlertSettings> settings;
  private final PrCommentSink prComment;
  private final HttpClient http;
  private final UnaryOperator<String> env;
  private AlertSettings built;
  private List<AlertSink> sinks = List.of();

  /** @param prComments null when no PR comment publisher is configured */
  public ConfiguredSinks(Supplier<AlertSettings> settings, PrCommentScheduler prComments, HttpClient http, UnaryOperator<String> env) {
    this.settings = settings;
    this.prComment = prComments == null ? null : new PrCommentSink(prComments);
    this.http = http;
    this.env = env;
  }

  @Override
  public synchronized List<AlertSink> get() {
    AlertSettings now = settings.get();
    if (!now.equals(built)) {
      List<AlertSink> next = new ArrayList<>();
      now.webhooks().forEach(w -> next.add(new WebhookSink(w, http, env)));
      if (now.postToPr() && prComment != null) {
        next.add(prComment);
      }
      sinks = List.copyOf(next);
      built = now;
    }
    return sinks;
  }
}
