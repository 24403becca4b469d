package dev.cto.costs.capture.proxy;

import dev.cto.costs.domain.TokenCounts;

/**
 * What one provider response said it used.
 *
 * @param id the provider's message/response id, or null when the response never said (cut off early)
 * @param model the model that answered, or null to use the one asked for
 */
record CapturedUsage(String id, String model, TokenCounts tokens) {}
