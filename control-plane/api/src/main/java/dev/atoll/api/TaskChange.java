package dev.atoll.api;

import java.util.List;

/**
 * How one task differs between two revisions.
 *
 * @param task the task's name
 * @param change added, removed or changed
 * @param fields for a change, the fields that differ ({@code kind}, {@code priority},
 * {@code placement}, ...); for an addition or removal, empty
 * @param placementBefore where it ran: {@code personality}, {@code own task} or
 * {@code linked into a, b}; null when added
 * @param placementAfter where it runs; null when removed
 */
public record TaskChange(String task, Change change, List<String> fields, String placementBefore,
		String placementAfter) {

	public enum Change {

		Added, Removed, Changed

	}

}
