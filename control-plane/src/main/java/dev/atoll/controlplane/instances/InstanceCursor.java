package dev.atoll.controlplane.instances;

import java.time.DateTimeException;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Optional;
import java.util.UUID;

import dev.atoll.api.InstanceView;

/**
 * Where a page of the instance list ends: the last instance's creation time and id, the
 * keys of the list's order, as the shared {@code Page} cursor carries them
 * ({@code <epoch micros>}, {@code <id>}). A keyset cursor, so instances created or
 * deleted meanwhile neither repeat nor shift the following pages.
 *
 * @param createdAt creation time of the last instance of the page
 * @param id its id
 */
record InstanceCursor(Instant createdAt, UUID id) {

	/** The sort keys of an instance, for {@code Page.of}. */
	static List<String> keys(InstanceView view) {
		return List.of(Long.toString(ChronoUnit.MICROS.between(Instant.EPOCH, view.createdAt())), view.id().toString());
	}

	/**
	 * The position the keys of {@code Page.after} name, or empty when they are not ours.
	 */
	static Optional<InstanceCursor> of(List<String> keys) {
		try {
			return Optional.of(new InstanceCursor(Instant.EPOCH.plus(Long.parseLong(keys.get(0)), ChronoUnit.MICROS),
					UUID.fromString(keys.get(1))));
		}
		catch (IllegalArgumentException | ArithmeticException | DateTimeException ex) {
			return Optional.empty();
		}
	}

}
