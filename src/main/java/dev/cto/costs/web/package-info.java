/**
 * The collector service (CONTRACT §4): HTTP ingest, the query API, health, readiness, Prometheus
 * metrics and bearer-token auth, assembled on Javalin. Every request goes through the same
 * collector and report service as the CLI.
 */
package dev.cto.costs.web;
