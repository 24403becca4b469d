package dev.cto.costs.domain;

/**
 * Something the alert sinks must hear of once: a PR's threshold crossing, or an announcement (a
 * cost anomaly, a budget alert). The outbox delivers both kinds through the same sinks, with the
 * same claims, retries and once-only guarantee.
 */
public sealed interface Alert permits ThresholdCrossing, Announcement {}
