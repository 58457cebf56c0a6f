package dev.atoll.controlplane.instances;

import java.nio.charset.StandardCharsets;
import java.time.DateTimeException;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Base64;
import java.util.Optional;
import java.util.UUID;

import dev.atoll.api.InstanceView;

/**
 * Where a page of the instance list ends: the last instance's creation time and id, the
 * keys of the list's order. Opaque to clients: base64url of {@code <epoch micros>:<id>}.
 * A keyset cursor, so instances created or deleted meanwhile neither repeat nor shift the
 * following pages.
 *
 * @param createdAt creation time of the last instance of the page
 * @param id its id
 */
record InstanceCursor(Instant createdAt, UUID id) {

	static InstanceCursor after(InstanceView view) {
		return new InstanceCursor(view.createdAt(), view.id());
	}

	String encode() {
		long micros = ChronoUnit.MICROS.between(Instant.EPOCH, this.createdAt);
		return Base64.getUrlEncoder()
			.withoutPadding()
			.encodeToString((micros + ":" + this.id).getBytes(StandardCharsets.US_ASCII));
	}

	/** The cursor, or empty when the text is not one this server made. */
	static Optional<InstanceCursor> decode(String text) {
		try {
			String plain = new String(Base64.getUrlDecoder().decode(text), StandardCharsets.US_ASCII);
			int colon = plain.indexOf(':');
			if (colon < 1) {
				return Optional.empty();
			}
			long micros = Long.parseLong(plain.substring(0, colon));
			UUID id = UUID.fromString(plain.substring(colon + 1));
			return Optional.of(new InstanceCursor(Instant.EPOCH.plus(micros, ChronoUnit.MICROS), id));
		}
		catch (IllegalArgumentException | ArithmeticException | DateTimeException ex) {
			return Optional.empty();
		}
	}

}
