package dev.atoll.controlplane.images;

import java.util.Optional;

import dev.atoll.api.ImageView;
import reactor.core.publisher.Mono;

import org.springframework.stereotype.Component;

/** The images feature's API: looking up a registered image version. */
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

}
