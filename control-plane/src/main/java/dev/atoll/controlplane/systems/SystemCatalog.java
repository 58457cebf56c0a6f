package dev.atoll.controlplane.systems;

import java.util.Optional;

import dev.atoll.api.SystemSpec;
import reactor.core.publisher.Mono;

import org.springframework.stereotype.Component;

/** The systems feature's API: reading a revision that an instance boots. */
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

}
