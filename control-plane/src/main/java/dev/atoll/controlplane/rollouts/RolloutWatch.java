package dev.atoll.controlplane.rollouts;

import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.function.Predicate;

import dev.atoll.api.RolloutState;
import dev.atoll.api.RolloutView;
import dev.atoll.controlplane.system.Violation;
import dev.atoll.controlplane.watch.WatchSource;
import reactor.core.publisher.Mono;

import org.springframework.stereotype.Component;
import org.springframework.util.MultiValueMap;

/**
 * The rollouts' watch stream; {@code state} keeps the rollouts in that state. A change of
 * a rollout's targets alone (rollout_targets) is no event: its state, message or version
 * changes are.
 */
@Component
class RolloutWatch implements WatchSource<RolloutView> {

	private final RolloutRepository rollouts;

	RolloutWatch(RolloutRepository rollouts) {
		this.rollouts = rollouts;
	}

	@Override
	public String kind() {
		return "rollouts";
	}

	@Override
	public UUID id(RolloutView rollout) {
		return rollout.id();
	}

	@Override
	public Predicate<RolloutView> filter(MultiValueMap<String, String> query, List<Violation> violations) {
		Optional<RolloutState> state = WatchSource.oneOf(query, "state", RolloutState.values(), violations);
		return (rollout) -> state.map((wanted) -> wanted == rollout.state()).orElse(true);
	}

	@Override
	public Mono<List<RolloutView>> all() {
		return this.rollouts.page(Optional.empty(), Integer.MAX_VALUE);
	}

	@Override
	public Mono<Map<UUID, RolloutView>> find(List<UUID> ids) {
		return WatchSource.oneByOne(ids, this.rollouts::find, this::id);
	}

}
