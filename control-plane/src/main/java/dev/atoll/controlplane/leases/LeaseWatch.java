package dev.atoll.controlplane.leases;

import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.function.Predicate;

import dev.atoll.api.LeaseState;
import dev.atoll.api.LeaseView;
import dev.atoll.controlplane.system.LabelSelector;
import dev.atoll.controlplane.system.Violation;
import dev.atoll.controlplane.watch.WatchSource;
import reactor.core.publisher.Mono;

import org.springframework.stereotype.Component;
import org.springframework.util.MultiValueMap;

/**
 * The leases' watch stream: {@code labelSelector}, {@code state} and {@code ciRunId} as
 * the list.
 */
@Component
class LeaseWatch implements WatchSource<LeaseView> {

	private final LeaseRepository leases;

	LeaseWatch(LeaseRepository leases) {
		this.leases = leases;
	}

	@Override
	public String kind() {
		return "leases";
	}

	@Override
	public UUID id(LeaseView lease) {
		return lease.id();
	}

	@Override
	public Predicate<LeaseView> filter(MultiValueMap<String, String> query, List<Violation> violations) {
		LabelSelector selector = LabelSelector.fromParameter(query.getFirst(LabelSelector.PARAMETER), violations);
		Optional<LeaseState> state = WatchSource.oneOf(query, "state", LeaseState.values(), violations);
		Optional<String> run = Optional.ofNullable(query.getFirst("ciRunId"));
		return (lease) -> selector.matches(lease.labels())
				&& state.map((wanted) -> wanted == lease.state()).orElse(true)
				&& run.map((wanted) -> wanted.equals(lease.ciRunId())).orElse(true);
	}

	@Override
	public Mono<List<LeaseView>> all() {
		return this.leases.page(LabelSelector.EVERYTHING, Optional.empty(), Optional.empty(), Optional.empty(),
				Integer.MAX_VALUE);
	}

	@Override
	public Mono<Map<UUID, LeaseView>> find(List<UUID> ids) {
		return WatchSource.oneByOne(ids, this.leases::find, this::id);
	}

}
