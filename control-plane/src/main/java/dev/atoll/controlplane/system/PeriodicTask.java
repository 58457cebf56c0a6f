package dev.atoll.controlplane.system;

import java.time.Duration;
import java.util.function.Supplier;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import reactor.core.Disposable;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

import org.springframework.context.SmartLifecycle;

/**
 * Runs a task now and then every interval while the application runs (gauge refreshes,
 * sweeps); a failed run is logged and the next one tried. The task is a repository
 * {@link Mono}, so the database is used on the jdbc scheduler; runs never overlap.
 */
public abstract class PeriodicTask implements SmartLifecycle {

	private static final Logger log = LoggerFactory.getLogger(PeriodicTask.class);

	private final String name;

	private final Duration interval;

	private final Supplier<Mono<?>> refresh;

	private volatile Disposable ticker;

	protected PeriodicTask(String name, Duration interval, Supplier<Mono<?>> refresh) {
		this.name = name;
		this.interval = interval;
		this.refresh = refresh;
	}

	@Override
	public void start() {
		this.ticker = Flux.interval(Duration.ZERO, this.interval)
			.onBackpressureDrop()
			.concatMap((tick) -> this.refresh.get().onErrorResume((failure) -> {
				log.warn("{} failed: {}", this.name, failure.toString());
				return Mono.empty();
			}), 1)
			.subscribe();
	}

	@Override
	public void stop() {
		Disposable running = this.ticker;
		if (running != null) {
			running.dispose();
		}
		this.ticker = null;
	}

	@Override
	public boolean isRunning() {
		return this.ticker != null;
	}

}
