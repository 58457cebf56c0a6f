/**
 * Watches: the change log (resource versions in PostgreSQL), its distribution to every
 * replica through LISTEN/NOTIFY, the SSE watch streams of instances and nodes, and the
 * nudges that make an agent reconcile at once.
 */
package dev.atoll.controlplane.watch;
