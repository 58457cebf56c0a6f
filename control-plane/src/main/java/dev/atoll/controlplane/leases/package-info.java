/**
 * CI leases: a CI run asks for an instance for a while (a system, an image, node labels,
 * a TTL), waits in a transparent queue, gets the instance when it is ready, renews,
 * releases; an expired lease is reaped and its instance torn down for certain. Instances
 * are created and deleted through the instances feature's API. Nothing depends on it.
 */
package dev.atoll.controlplane.leases;
