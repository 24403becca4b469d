package dev.cto.costs.metrics;

import io.micrometer.core.instrument.Meter;
import io.micrometer.core.instrument.Tag;
import io.micrometer.core.instrument.config.MeterFilter;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Function;
import java.util.stream.Collectors;

/**
 * Caps the distinct values of client-made labels (agent, model, …): the first {@code max} values
 * of each keep their own series, later ones share {@code other}. Micrometer's {@code
 * maximumAllowableTags} would drop the overflow instead, losing its tokens from every total.
 *
 * <p>What stays bounded: the values remembered here ({@code max} per label), the meters, and
 * Micrometer's own id cache, which skips ids that map to a meter already registered.
 */
final class LabelCap implements MeterFilter {

  static final String OTHER = "other";

  private final int max;
  private final Map<String, Set<String>> kept;

  LabelCap(int max, Collection<String> labels) {
    if (max < 1) {
      throw new IllegalArgumentException("the label cap must be >= 1, was " + max);
    }
    this.max = max;
    this.kept = labels.stream().collect(Collectors.toUnmodifiableMap(Function.identity(), l -> ConcurrentHashMap.newKeySet()));
  }

  /** The value a series gets for {@code label}: its own while the label has room, else {@code other}. */
  String value(String label, String value) {
    Set<String> values = kept.get(label);
    if (values == null || value == null || value.equals(OTHER) || values.contains(value)) {
      return value;
    }
    synchronized (values) { // the size check and the add are one step, so the cap is exact
      if (values.contains(value) || values.size() < max) {
        values.add(value);
        return value;
      }
      return OTHER;
    }
  }

  @Override
  public Meter.Id map(Meter.Id id) {
    List<Tag> tags = null;
    List<Tag> original = id.getTags();
    for (int i = 0; i < original.size(); i++) {
      Tag tag = original.get(i);
      String capped = value(tag.getKey(), tag.getValue());
      if (!capped.equals(tag.getValue())) {
        if (tags == null) {
          tags = new ArrayList<>(original);
        }
        tags.set(i, Tag.of(tag.getKey(), capped));
      }
    }
    return tags == null ? id : id.replaceTags(tags);
  }
}
