package dev.atoll.api;

/**
 * What an operator wants of a node, independent of its connectivity. Active nodes receive
 * new placements. Drained nodes receive none; what runs there stays until deleted, and is
 * rescheduled elsewhere if the node goes Offline. Maintenance nodes receive none either,
 * and going Offline during maintenance is expected: their instances wait for them instead
 * of being rescheduled or marked Lost.
 */
public enum NodeAdminState {

	Active, Drained, Maintenance

}
