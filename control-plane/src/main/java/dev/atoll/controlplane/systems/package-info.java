/**
 * Systems: named configurations (personalities, services and their placement, the service
 * split) whose every change makes an immutable revision; complete validation, dry runs
 * with a diff between revisions. Public API: none yet; instances read revisions through
 * {@code SystemCatalog} once they reference them.
 */
package dev.atoll.controlplane.systems;
