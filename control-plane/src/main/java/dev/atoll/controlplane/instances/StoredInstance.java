package dev.atoll.controlplane.instances;

import dev.atoll.api.InstanceView;

/**
 * An instance with its version, which is its entity tag.
 *
 * @param view the instance
 * @param version bumped by every change of its desired or observed state
 */
record StoredInstance(InstanceView view, long version) {

	String etag() {
		return EntityTags.of(this.version);
	}

}
