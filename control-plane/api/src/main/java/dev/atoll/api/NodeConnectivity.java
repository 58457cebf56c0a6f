package dev.atoll.api;

/**
 * Whether a node is reachable, from the control plane's heartbeat deadline: Online while
 * heartbeats arrive; Disconnected once one was missed (no heartbeat for three intervals;
 * nothing new is placed on it); Offline after the grace period (its instances are
 * considered lost).
 */
public enum NodeConnectivity {

	Online, Disconnected, Offline

}
