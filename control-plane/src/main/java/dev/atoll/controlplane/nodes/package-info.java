/**
 * Nodes: agents register (and re-register) by name, receive a bearer token of which only
 * the hash is kept, and prove who they are on every call. Public API:
 * {@link dev.atoll.controlplane.nodes.NodeRegistry},
 * {@link dev.atoll.controlplane.nodes.NodeJoined}.
 */
package dev.atoll.controlplane.nodes;
