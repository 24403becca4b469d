/**
 * The composition root: builds the object graph (config → settings, store, collector, reports)
 * from command-line options and environment, by hand, lazily, so a read-only command never starts
 * a writer thread or runs migrations it does not need.
 */
package dev.cto.costs.app;
