package dev.cto.costs.report;

import java.util.List;

/** PR reports side by side, in the order asked (CONTRACT §3, {@code costs compare}). */
public record Comparison(List<PrReport> reports) {}
