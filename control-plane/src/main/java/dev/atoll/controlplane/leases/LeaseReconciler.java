package dev.atoll.controlplane.leases;

import dev.atoll.controlplane.system.PeriodicTask;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.stereotype.Component;

/**
 * Runs {@link LeaseWork#pass} every {@code atoll.leases.reconcile-interval}, on every
 * replica (their claims keep them apart); not at all with
 * {@code atoll.leases.enabled=false}.
 */
@Component
class LeaseReconciler extends PeriodicTask {

	private static final Logger log = LoggerFactory.getLogger(LeaseReconciler.class);

	private final boolean enabled;

	LeaseReconciler(LeaseWork work, LeaseProperties properties) {
		super("Reconciling leases", properties.reconcileInterval(), work::pass);
		this.enabled = properties.enabled();
	}

	@Override
	public void start() {
		if (!this.enabled) {
			log.info("Lease reconciler disabled (atoll.leases.enabled=false)");
			return;
		}
		super.start();
	}

}
