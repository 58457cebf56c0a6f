package dev.atoll.controlplane.watch;

import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.function.Predicate;

import dev.atoll.api.ImageView;
import dev.atoll.controlplane.images.ImageCatalog;
import dev.atoll.controlplane.system.LabelSelector;
import dev.atoll.controlplane.system.Violation;
import reactor.core.publisher.Mono;

import org.springframework.stereotype.Component;
import org.springframework.util.MultiValueMap;

/**
 * The images' watch stream: {@code labelSelector} as the list. An image is keyed by
 * {@code name/version}; images are immutable, so their events are ADDED and DELETED.
 */
@Component
class ImageWatch implements WatchSource<ImageView> {

	private final ImageCatalog images;

	ImageWatch(ImageCatalog images) {
		this.images = images;
	}

	@Override
	public String kind() {
		return "images";
	}

	@Override
	public UUID id(ImageView image) {
		return WatchSource.keyId(kind(), key(image));
	}

	@Override
	public String key(ImageView image) {
		return image.name() + "/" + image.version();
	}

	@Override
	public Predicate<ImageView> filter(MultiValueMap<String, String> query, List<Violation> violations) {
		LabelSelector selector = LabelSelector.fromParameter(query.getFirst(LabelSelector.PARAMETER), violations);
		return (image) -> selector.matches(image.labels());
	}

	@Override
	public Mono<List<ImageView>> all() {
		return this.images.all();
	}

	/** Images are few and never change: the ids come from the keys of all of them. */
	@Override
	public Mono<Map<UUID, ImageView>> find(List<UUID> ids) {
		return WatchSource.amongAll(all(), ids, this::id);
	}

}
