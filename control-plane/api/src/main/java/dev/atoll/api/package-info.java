/**
 * Wire types of the Atoll API: the messages between the control plane, its node agents
 * and its clients. Every type is declared here once; neither side redeclares them. Paths
 * are in {@link ApiPaths}.
 */
package dev.atoll.api;
