/**
 * The JDBC implementation of the store ports for SQLite (default, WAL mode) and PostgreSQL, with
 * one schema kept by Flyway migrations and small dialect differences isolated here.
 */
package dev.cto.costs.store.jdbc;
