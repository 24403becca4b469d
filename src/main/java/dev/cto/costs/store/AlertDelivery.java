package dev.cto.costs.store;

import dev.cto.costs.domain.ThresholdCrossing;

/**
 * One crossing to be announced through one alert sink, as claimed from the outbox.
 *
 * @param sink the sink's stable id
 * @param attempts delivery attempts so far, this one included
 * @param claim the claim token; only its holder may settle the delivery
 */
public record AlertDelivery(ThresholdCrossing crossing, String sink, int attempts, String claim) {}
