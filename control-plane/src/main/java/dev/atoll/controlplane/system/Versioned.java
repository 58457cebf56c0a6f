package dev.atoll.controlplane.system;

/**
 * A resource as stored, with its version, which is its entity tag.
 *
 * @param <T> the wire type of the resource
 * @param value the resource
 * @param version bumped by every change of it
 */
public record Versioned<T>(T value, long version) {

	public String etag() {
		return EntityTags.of(this.version);
	}

}
