package dev.atoll.controlplane.systems;

import java.util.List;
import java.util.Optional;

import dev.atoll.api.SystemSpec;
import dev.atoll.api.SystemView;
import dev.atoll.controlplane.system.LabelSelector;
import reactor.core.publisher.Mono;

import org.springframework.stereotype.Component;

/**
 * The systems feature's API: reading a revision that an instance boots, and every system
 * (the watch stream's listing).
 */
@Component
public class SystemCatalog {

	private final SystemRepository systems;

	SystemCatalog(SystemRepository systems) {
		this.systems = systems;
	}

	/** The revision's spec, or empty when the system has no such revision. */
	public Mono<Optional<SystemSpec>> revision(String system, int revision) {
		return this.systems.revision(system, revision).map((found) -> found.map((view) -> view.spec()));
	}

	/** Every system, by name. */
	public Mono<List<SystemView>> all() {
		return this.systems.list(LabelSelector.EVERYTHING, Optional.empty(), Integer.MAX_VALUE);
	}

}
