/**
 * Authentication and authorization: API tokens with roles (stored as hashes), the one
 * access policy that says which roles may call which route, and the filter that enforces
 * it before any handler runs. Agent calls carry their node token, which the nodes feature
 * checks against the node in the path. Nothing depends on this package.
 */
package dev.atoll.controlplane.auth;
