package dev.atoll.api;

/**
 * Where a CI lease stands. Queued until its instance is placed on a node; Provisioning
 * while the instance boots; Ready once the instance is ready (its endpoint is in the
 * lease); then one of the ends: Released by its holder, Expired when its TTL passed
 * without a renewal, Failed when its instance could not be created or failed. At every
 * end the instance is torn down.
 */
public enum LeaseState {

	Queued, Provisioning, Ready, Released, Expired, Failed;

	/** True once the lease is over: it changes no more, its instance is torn down. */
	public boolean isEnded() {
		return this == Released || this == Expired || this == Failed;
	}

}
