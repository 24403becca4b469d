package dev.cto.costs.github;

import java.util.Arrays;
import java.util.Locale;

/** What happens to the previous cost comment when the report changes ({@code github.comment_behavior}). */
public enum CommentBehavior {
  /** Edit the one comment in place (default). */
  UPDATE,
  /** Post a new comment each time; older ones stay. */
  NEW,
  /** Post a new comment and collapse the previous one as outdated (GraphQL {@code minimizeComment}). */
  HIDE_AND_NEW,
  /** Post a new comment and delete the previous ones. */
  DELETE_AND_NEW;

  public String wireName() {
    return name().toLowerCase(Locale.ROOT).replace('_', '-');
  }

  /** @throws IllegalArgumentException listing the accepted names */
  public static CommentBehavior parse(String name) {
    return Arrays.stream(values()).filter(b -> b.wireName().equalsIgnoreCase(name.trim())).findFirst()
        .orElseThrow(() -> new IllegalArgumentException("comment behavior must be one of update, new, hide-and-new, "
            + "delete-and-new; was \"" + name + "\""));
  }

  @Override
  public String toString() {
    return wireName();
  }
}
