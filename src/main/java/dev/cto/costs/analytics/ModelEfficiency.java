package dev.cto.costs.analytics;

import java.math.BigDecimal;

/**
 * One model's usage in range and what caching did for it; {@code cacheSavingsUsd} null while some
 * of its priced cache reads have no savings figure yet (stored before they were recorded).
 */
public record ModelEfficiency(
    String model, String provider, long records, BigDecimal costUsd, BigDecimal cacheHitRatio,
    BigDecimal cacheSavingsUsd) {}
