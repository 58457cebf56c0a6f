package dev.atoll.controlplane.images;

import java.util.List;
import java.util.Optional;

import dev.atoll.api.ImageView;
import dev.atoll.controlplane.system.LabelSelector;
import reactor.core.publisher.Mono;

import org.springframework.stereotype.Component;

/**
 * The images feature's API: looking up a registered image version, and every image (the
 * watch stream's listing).
 */
@Component
public class ImageCatalog {

	private final ImageRepository images;

	ImageCatalog(ImageRepository images) {
		this.images = images;
	}

	/** The image, or empty when that name and version are not registered. */
	public Mono<Optional<ImageView>> find(String name, String version) {
		return this.images.find(name, version).map((found) -> found.map((image) -> image.value()));
	}

	/** Every image, by name and version. */
	public Mono<List<ImageView>> all() {
		return this.images.list(LabelSelector.EVERYTHING, Optional.empty(), Integer.MAX_VALUE);
	}

}
