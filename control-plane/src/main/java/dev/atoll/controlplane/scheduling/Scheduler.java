package dev.atoll.controlplane.scheduling;

import java.time.Duration;
import java.util.concurrent.atomic.AtomicBoolean;

import dev.atoll.controlplane.instances.InstanceCreated;
import dev.atoll.controlplane.nodes.NodeJoined;
import dev.atoll.controlplane.nodes.NodeRegistry;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import reactor.core.Disposable;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

import org.springframework.context.SmartLifecycle;
import org.springframework.context.event.EventListener;
import org.springframework.stereotype.Component;

/**
 * Runs placement passes: every {@code atoll.scheduling.interval}, and soon after a node
 * joins or an instance is created. Within one replica passes never overlap (a request
 * during a pass runs one more pass after it); across replicas the row locks in
 * {@link Placements} keep them apart.
 */
@Component
class Scheduler implements SmartLifecycle {

	private static final Logger log = LoggerFactory.getLogger(Scheduler.class);

	private final Placements placements;

	private final Rescheduling rescheduling;

	private final NodeRegistry nodes;

	private final SchedulingProperties properties;

	private final AtomicBoolean running = new AtomicBoolean();

	private final AtomicBoolean requested = new AtomicBoolean();

	private volatile Disposable ticker;

	Scheduler(Placements placements, Rescheduling rescheduling, NodeRegistry nodes, SchedulingProperties properties) {
		this.placements = placements;
		this.rescheduling = rescheduling;
		this.nodes = nodes;
		this.properties = properties;
	}

	@EventListener
	void onNodeJoined(NodeJoined event) {
		requestPass();
	}

	@EventListener
	void onInstanceCreated(InstanceCreated event) {
		requestPass();
	}

	/** Asks for a pass soon; requests during a pass coalesce into one more pass. */
	void requestPass() {
		if (this.ticker == null) {
			return;
		}
		this.requested.set(true);
		if (this.running.compareAndSet(false, true)) {
			runPasses();
		}
	}

	/** One pass, then another while more were requested meanwhile. */
	private void runPasses() {
		this.requested.set(false);
		pass().doFinally((signal) -> {
			this.running.set(false);
			if (this.requested.get() && this.ticker != null && this.running.compareAndSet(false, true)) {
				runPasses();
			}
		}).subscribe();
	}

	/**
	 * Takes instances off offline nodes, places what fits and purges stranded deletions;
	 * errors are logged, never fatal.
	 */
	Mono<Placements.PassResult> pass() {
		return this.rescheduling.recordPass(watchGap()).doOnNext((resumed) -> {
			if (resumed) {
				log.info("No control plane watched the fleet for over {}: nodes' silence counts from now", watchGap());
			}
		}).then(this.rescheduling.unplaceFromOfflineNodes(this.nodes.offlineAfter())).doOnNext((moved) -> {
			if (moved > 0) {
				log.info("Rescheduling {} instance(s) whose node went offline", moved);
			}
		}).then(this.rescheduling.markBoardInstancesLost(this.nodes.offlineAfter())).doOnNext((lost) -> {
			if (lost > 0) {
				log.info("Marked {} board instance(s) Lost: their node went offline", lost);
			}
		})
			.then(this.placements.placePending(this.nodes.disconnectedAfter(), this.properties.batchSize()))
			.doOnNext((result) -> {
				if (result.placed() > 0) {
					log.info("Placed {} instance(s); {} still pending", result.placed(), result.unplaced());
				}
			})
			.flatMap((result) -> this.placements.purgeDeletionsOnOfflineNodes(this.nodes.offlineAfter())
				.doOnNext((purged) -> {
					if (purged > 0) {
						log.info("Purged {} deleted instance(s) whose node is offline", purged);
					}
				})
				.thenReturn(result))
			.onErrorResume((error) -> {
				log.warn("Scheduler pass failed; the next one retries", error);
				return Mono.empty();
			});
	}

	/**
	 * A pause between passes longer than this means no control plane ran: a few missed
	 * passes or a missed heartbeat, whichever is longer, so a busy host does not count.
	 */
	private Duration watchGap() {
		Duration passes = this.properties.interval().multipliedBy(5);
		Duration heartbeats = this.nodes.disconnectedAfter();
		return (passes.compareTo(heartbeats) > 0) ? passes : heartbeats;
	}

	@Override
	public void start() {
		if (!this.properties.enabled()) {
			log.info("Scheduler disabled (atoll.scheduling.enabled=false)");
			return;
		}
		log.info("Scheduler running every {}", this.properties.interval());
		this.ticker = Flux.interval(this.properties.interval()).subscribe((tick) -> requestPass());
		requestPass();
	}

	@Override
	public void stop() {
		Disposable current = this.ticker;
		this.ticker = null;
		if (current != null) {
			current.dispose();
		}
	}

	@Override
	public boolean isRunning() {
		return this.ticker != null;
	}

}
