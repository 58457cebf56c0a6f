package dev.atoll.controlplane.leases;

import java.time.Duration;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * The lease reconciler.
 *
 * @param reconcileInterval time between passes (expiry, provisioning, following the
 * instances, teardown)
 * @param claimFor how long a replica holds a lease it works on; another replica takes it
 * over after that if the first one died
 * @param retention how long an ended lease whose instance is gone stays listed
 * @param batchSize how many leases one pass works on
 * @param enabled false stops this replica's periodic passes (a create still provisions
 * its lease, a release starts its teardown)
 */
@ConfigurationProperties("atoll.leases")
record LeaseProperties(@DefaultValue("1s") Duration reconcileInterval, @DefaultValue("30s") Duration claimFor,
		@DefaultValue("24h") Duration retention, @DefaultValue("100") int batchSize,
		@DefaultValue("true") boolean enabled) {

	LeaseProperties {
		if (reconcileInterval.isNegative() || reconcileInterval.isZero()) {
			throw new IllegalArgumentException("atoll.leases.reconcile-interval must be positive");
		}
		if (claimFor.compareTo(reconcileInterval) <= 0) {
			throw new IllegalArgumentException("atoll.leases.claim-for must be longer than the reconcile interval");
		}
	}

}
