/**
 * The web dashboard (docs/dashboard.md): server-rendered pages over the same report services as
 * the query API, served by {@code costs serve} on its port. Templates are jte, precompiled at build
 * time; scripts and styles are files served with a content hash in their URL, never inline, so the
 * Content-Security-Policy can forbid inline script. It reads {@code report} and {@code analytics}
 * only, never the store.
 */
package dev.cto.costs.web.ui;
