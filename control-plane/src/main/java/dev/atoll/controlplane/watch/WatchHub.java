package dev.atoll.controlplane.watch;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

import javax.sql.DataSource;

import com.zaxxer.hikari.HikariDataSource;
import org.postgresql.PGConnection;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Sinks;

import org.springframework.context.SmartLifecycle;
import org.springframework.stereotype.Component;

/**
 * Hands every committed change-log entry to this replica's watchers, whichever replica
 * made the change. One platform thread keeps a dedicated connection (not one of the pool)
 * that LISTENs on {@code atoll_watch}; each NOTIFY, and every
 * {@code atoll.watch.poll-interval} without one, it reads the log after the last version
 * it handed out. After a lost connection it reconnects and catches up from the log, so
 * nothing is skipped: NOTIFY only says when to look.
 */
@Component
class WatchHub implements SmartLifecycle {

	static final String CHANNEL = "atoll_watch";

	private static final Logger log = LoggerFactory.getLogger(WatchHub.class);

	private static final int BATCH = 1000;

	private static final Duration BLOCK = Duration.ofSeconds(30);

	private final WatchLog changes;

	private final DataSource dataSource;

	private final WatchProperties properties;

	private final Set<Sinks.Many<WatchRecord>> watchers = ConcurrentHashMap.newKeySet();

	private volatile long handedOut;

	private volatile Thread listener;

	WatchHub(WatchLog changes, DataSource dataSource, WatchProperties properties) {
		this.changes = changes;
		this.dataSource = dataSource;
		this.properties = properties;
	}

	/**
	 * Every entry committed from now on, in order. Subscribe before reading the backlog:
	 * entries committed meanwhile wait in the returned flux's buffer.
	 */
	Flux<WatchRecord> live() {
		Sinks.Many<WatchRecord> sink = Sinks.many().unicast().onBackpressureBuffer();
		this.watchers.add(sink);
		return sink.asFlux().doFinally((signal) -> this.watchers.remove(sink));
	}

	@Override
	public void start() {
		this.handedOut = this.changes.head().block(BLOCK);
		Thread thread = Thread.ofPlatform().name("atoll-watch-listener").daemon().unstarted(this::listen);
		this.listener = thread;
		thread.start();
	}

	@Override
	public void stop() {
		Thread thread = this.listener;
		this.listener = null;
		if (thread != null) {
			thread.interrupt();
		}
		this.watchers.forEach(Sinks.Many::tryEmitComplete);
	}

	@Override
	public boolean isRunning() {
		return this.listener != null;
	}

	private void listen() {
		while (this.listener != null) {
			try (Connection connection = connect(); Statement statement = connection.createStatement()) {
				statement.execute("LISTEN " + CHANNEL);
				PGConnection postgres = connection.unwrap(PGConnection.class);
				while (this.listener != null) {
					catchUp();
					postgres.getNotifications((int) this.properties.pollInterval().toMillis());
				}
			}
			catch (SQLException | RuntimeException ex) {
				if (this.listener == null) {
					return;
				}
				log.warn("Watch listener lost its connection; reconnecting: {}", ex.toString());
				try {
					Thread.sleep(1000);
				}
				catch (InterruptedException interrupted) {
					return;
				}
			}
		}
	}

	/** Hands out every entry after the last one handed out. */
	private void catchUp() {
		List<WatchRecord> batch;
		do {
			batch = this.changes.after(this.handedOut, BATCH).block(BLOCK);
			for (WatchRecord record : batch) {
				this.watchers.forEach((sink) -> sink.tryEmitNext(record));
				this.handedOut = record.resourceVersion();
			}
		}
		while (batch.size() == BATCH);
	}

	/** A connection of its own: a LISTEN holds it for the life of the replica. */
	private Connection connect() throws SQLException {
		if (this.dataSource instanceof HikariDataSource hikari) {
			return DriverManager.getConnection(hikari.getJdbcUrl(), hikari.getUsername(), hikari.getPassword());
		}
		return this.dataSource.getConnection();
	}

}
