package dev.atoll.controlplane.nodes;

import java.net.URI;
import java.net.URISyntaxException;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;

import dev.atoll.api.NodeRegistration;
import dev.atoll.controlplane.system.Labels;
import dev.atoll.controlplane.system.Names;
import dev.atoll.controlplane.system.Violation;

/** What a registration must satisfy; every violation is reported, not just the first. */
final class NodeRegistrationRules {

	static final int MAX_MEMORY_MB = 16 * 1024 * 1024;

	static final int MAX_SLOTS = 10_000;

	private static final Pattern HOST_NAME = Pattern.compile("[A-Za-z0-9]([A-Za-z0-9.-]{0,251}[A-Za-z0-9])?");

	private NodeRegistrationRules() {
	}

	static List<Violation> check(NodeRegistration registration) {
		List<Violation> violations = new ArrayList<>();
		if (registration.name() == null || registration.name().isEmpty()) {
			violations.add(new Violation("name", "is required"));
		}
		else if (!HOST_NAME.matcher(registration.name()).matches()) {
			violations.add(new Violation("name", "must be a host name: letters, digits, dots and dashes, at most 253"));
		}
		if (registration.architecture() == null || registration.architecture().isEmpty()) {
			violations.add(new Violation("architecture", "is required"));
		}
		else if (!Names.ARCHITECTURE.matcher(registration.architecture()).matches()) {
			violations.add(new Violation("architecture", "must match " + Names.ARCHITECTURE.pattern()));
		}
		if (registration.memoryMb() < 1 || registration.memoryMb() > MAX_MEMORY_MB) {
			violations.add(new Violation("memoryMb", "must be between 1 and " + MAX_MEMORY_MB));
		}
		if (registration.instanceSlots() < 1 || registration.instanceSlots() > MAX_SLOTS) {
			violations.add(new Violation("instanceSlots", "must be between 1 and " + MAX_SLOTS));
		}
		violations.addAll(Labels.check("labels", registration.labels()));
		checkMetricsUrl(registration.metricsUrl(), violations);
		return violations;
	}

	private static void checkMetricsUrl(String metricsUrl, List<Violation> violations) {
		if (metricsUrl == null || metricsUrl.isEmpty()) {
			return;
		}
		try {
			URI uri = new URI(metricsUrl);
			if (metricsUrl.length() > 2048 || uri.getHost() == null
					|| !("http".equals(uri.getScheme()) || "https".equals(uri.getScheme()))) {
				violations.add(new Violation("metricsUrl", "must be an absolute http or https URL"));
			}
		}
		catch (URISyntaxException ex) {
			violations.add(new Violation("metricsUrl", "must be an absolute http or https URL"));
		}
	}

}
