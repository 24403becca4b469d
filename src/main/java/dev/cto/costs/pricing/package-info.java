/**
 * Loading the cost config (JSON or YAML, docs/config.md) into {@link
 * dev.cto.costs.domain.CostSettings}, the built-in default catalog shipped in the jar, LiteLLM
 * price-map import, and hot reload by polling the file's content.
 */
package dev.cto.costs.pricing;
