/**
 * The collector service (docs/http-api.md): HTTP ingest, the OTLP/HTTP receiver's routes, the LLM
 * proxy's mount, the query API, health, readiness, Prometheus metrics and bearer-token auth,
 * assembled on Javalin; the proxy is served by a Jetty core handler in front of Javalin's servlet, as
 * it is on every agent's call path ({@code ProxyRoutes}). Only the HTTP plumbing lives here: decoding and mapping belong to the
 * capture packages. Every request goes through the same collector and report service as the CLI.
 */
package dev.cto.costs.web;
