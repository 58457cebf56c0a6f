package dev.atoll.controlplane.leases;

import dev.atoll.controlplane.system.PeriodicTask;

import org.springframework.stereotype.Component;

/**
 * Runs {@link LeaseWork#pass} every {@code atoll.leases.reconcile-interval}, on every
 * replica (their claims keep them apart).
 */
@Component
class LeaseReconciler extends PeriodicTask {

	LeaseReconciler(LeaseWork work, LeaseProperties properties) {
		super("Reconciling leases", properties.reconcileInterval(), work::pass);
	}

}
