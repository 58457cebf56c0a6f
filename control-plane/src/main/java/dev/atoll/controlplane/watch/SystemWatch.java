package dev.atoll.controlplane.watch;

import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.function.Predicate;

import dev.atoll.api.SystemView;
import dev.atoll.controlplane.system.LabelSelector;
import dev.atoll.controlplane.system.Violation;
import dev.atoll.controlplane.systems.SystemCatalog;
import reactor.core.publisher.Mono;

import org.springframework.stereotype.Component;
import org.springframework.util.MultiValueMap;

/**
 * The systems' watch stream: {@code labelSelector} as the list. A system is keyed by its
 * name; a new revision or new labels are a MODIFIED event.
 */
@Component
class SystemWatch implements WatchSource<SystemView> {

	private final SystemCatalog systems;

	SystemWatch(SystemCatalog systems) {
		this.systems = systems;
	}

	@Override
	public String kind() {
		return "systems";
	}

	@Override
	public UUID id(SystemView system) {
		return WatchSource.keyId(kind(), key(system));
	}

	@Override
	public String key(SystemView system) {
		return system.name();
	}

	@Override
	public Predicate<SystemView> filter(MultiValueMap<String, String> query, List<Violation> violations) {
		LabelSelector selector = LabelSelector.fromParameter(query.getFirst(LabelSelector.PARAMETER), violations);
		return (system) -> selector.matches(system.labels());
	}

	@Override
	public Mono<List<SystemView>> all() {
		return this.systems.all();
	}

	/** Systems are few and change seldom: the ids come from the names of all of them. */
	@Override
	public Mono<Map<UUID, SystemView>> find(List<UUID> ids) {
		return WatchSource.amongAll(all(), ids, this::id);
	}

}
