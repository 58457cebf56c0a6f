package dev.atoll.controlplane.images;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.regex.Pattern;

import dev.atoll.api.CreateImageRequest;
import dev.atoll.api.ImageComponent;
import dev.atoll.controlplane.system.Labels;
import dev.atoll.controlplane.system.Names;
import dev.atoll.controlplane.system.Violation;

/** What an image registration must satisfy; every violation is reported. */
final class ImageRules {

	static final Pattern SHA256 = Pattern.compile("[0-9a-f]{64}");

	static final Set<String> KINDS = Set.of("kernel", "roottask", "service", "program");

	static final int MAX_COMPONENTS = 256;

	private ImageRules() {
	}

	static List<Violation> check(CreateImageRequest request) {
		List<Violation> violations = new ArrayList<>();
		Names.check("name", request.name(), violations);
		Names.checkVersion("version", request.version(), violations);
		if (request.architecture() == null || !Names.ARCHITECTURE.matcher(request.architecture()).matches()) {
			violations.add(new Violation("architecture", "must match " + Names.ARCHITECTURE.pattern()));
		}
		checkSha256("sha256", request.sha256(), violations);
		violations.addAll(Labels.check("labels", request.labels()));
		List<ImageComponent> components = request.components();
		if (components == null || components.isEmpty()) {
			violations.add(new Violation("components", "must list the files inside, a kernel among them"));
			return violations;
		}
		if (components.size() > MAX_COMPONENTS) {
			violations.add(new Violation("components", "must have at most " + MAX_COMPONENTS + " entries"));
			return violations;
		}
		Set<String> names = new HashSet<>();
		int kernels = 0;
		for (int i = 0; i < components.size(); i++) {
			String at = "components[" + i + "]";
			ImageComponent component = components.get(i);
			if (component == null) {
				violations.add(new Violation(at, "must not be null"));
				continue;
			}
			if (component.name() == null || !Names.FILE.matcher(component.name()).matches()) {
				violations.add(new Violation(at + ".name", Names.FILE_RULE));
			}
			else if (!names.add(component.name())) {
				violations.add(new Violation(at + ".name", "'" + component.name() + "' is listed twice"));
			}
			if (component.kind() == null || !KINDS.contains(component.kind())) {
				violations.add(new Violation(at + ".kind", "must be one of " + KINDS.stream().sorted().toList()));
			}
			else if (component.kind().equals("kernel")) {
				kernels++;
			}
			checkSha256(at + ".sha256", component.sha256(), violations);
			if (component.sizeBytes() != null && component.sizeBytes() < 0) {
				violations.add(new Violation(at + ".sizeBytes", "must not be negative"));
			}
		}
		if (kernels != 1) {
			violations.add(new Violation("components", "must hold exactly one kernel, not " + kernels));
		}
		return violations;
	}

	private static void checkSha256(String field, String sha256, List<Violation> violations) {
		if (sha256 == null || !SHA256.matcher(sha256).matches()) {
			violations.add(new Violation(field, "must be a SHA-256: 64 lower-case hex digits"));
		}
	}

}
