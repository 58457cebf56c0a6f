package dev.atoll.agent.bootconfig;

import java.util.ArrayList;
import java.util.List;

import dev.atoll.api.PersonalitySpec;
import dev.atoll.api.ServiceSpec;
import dev.atoll.api.SystemSpec;

/**
 * The tasks a boot configuration makes the root task build, as its telemetry names them:
 * every personality (kind {@code program}) and every service in its own task (kind
 * {@code service}), and every copy of a linked service in the task it is linked into.
 *
 * @param tasks the tasks, in declaration order
 * @param linked each linked service with the task it runs in
 */
public record DeclaredSystem(List<Task> tasks, List<Link> linked) {

	public DeclaredSystem {
		tasks = List.copyOf(tasks);
		linked = List.copyOf(linked);
	}

	/** What {@code spec} declares. */
	public static DeclaredSystem of(SystemSpec spec) {
		List<Task> tasks = new ArrayList<>();
		List<Link> linked = new ArrayList<>();
		for (ServiceSpec service : BootConfig.list(spec.services())) {
			if (BootConfig.list(service.linkedInto()).isEmpty()) {
				tasks.add(new Task(service.name(), Task.SERVICE));
			}
			else {
				service.linkedInto().forEach((host) -> linked.add(new Link(service.name(), host)));
			}
		}
		for (PersonalitySpec personality : BootConfig.list(spec.personalities())) {
			tasks.add(new Task(personality.name(), Task.PROGRAM));
		}
		return new DeclaredSystem(tasks, linked);
	}

	/**
	 * One task the root task builds.
	 *
	 * @param name its name
	 * @param kind {@code service} or {@code program}, as telemetry says
	 */
	public record Task(String name, String kind) {

		public static final String SERVICE = "service";

		public static final String PROGRAM = "program";

	}

	/**
	 * A service linked into a task.
	 *
	 * @param service the service
	 * @param user the task it runs in
	 */
	public record Link(String service, String user) {
	}

}
