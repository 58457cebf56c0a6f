package dev.atoll.it;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.function.Function;

import dev.atoll.api.Role;

/**
 * A whole Atoll deployment on this host, as {@code ./atoll run} starts it: the control
 * plane on its embedded PostgreSQL default, and one node agent booting images from
 * {@code images/build} under QEMU.
 */
final class AtollStack implements AutoCloseable {

	private ServiceProcess controlPlane;

	private ServiceProcess agent;

	private final Path work;

	private final List<String> agentArgs;

	private final String adminToken;

	private final List<String> controlPlaneArgs;

	private AtollStack(ServiceProcess controlPlane, List<String> controlPlaneArgs, String adminToken,
			ServiceProcess agent, Path work, List<String> agentArgs) {
		this.controlPlaneArgs = controlPlaneArgs;
		this.controlPlane = controlPlane;
		this.adminToken = adminToken;
		this.agent = agent;
		this.work = work;
		this.agentArgs = agentArgs;
	}

	static AtollStack start() throws IOException, InterruptedException {
		return start((agentWork) -> List.of());
	}

	/**
	 * A stack whose agent gets {@code agentExtras} (given the agent's work directory) on
	 * its command line besides the usual arguments, e.g. boards to run on.
	 */
	static AtollStack start(Function<Path, List<String>> agentExtras) throws IOException, InterruptedException {
		Path imagesDir = Path.of(requiredProperty("atoll.images.dir"));
		if (!Files.isRegularFile(imagesDir.resolve("demo/kernel.img"))) {
			throw new IllegalStateException("no demo image in " + imagesDir + ": run make -C images first");
		}
		Path work = Path.of(requiredProperty("atoll.it.work-dir")).resolve(UUID.randomUUID().toString());
		String adminToken = "it-admin-" + UUID.randomUUID();
		List<String> controlPlaneArgs = List.of("--atoll.embedded-postgres.dir=" + work.resolve("postgres"),
				"--atoll.nodes.heartbeat-interval=500ms", "--atoll.auth.admin-token=" + adminToken);
		ServiceProcess controlPlane = ServiceProcess.start("control-plane",
				Path.of(requiredProperty("atoll.control-plane.jar")), work, controlPlaneArgs);
		try {
			controlPlane.awaitHealthy(Duration.ofSeconds(120));
			String joinToken = new ApiClient(controlPlane.baseUrl(), adminToken).createToken("it-agents", Role.join);
			List<String> agentArgs = new ArrayList<>(List.of(
					"--atoll.agent.control-plane-url=" + controlPlane.baseUrl(),
					"--atoll.agent.join-token=" + joinToken,
					"--atoll.agent.node-name=it-" + UUID.randomUUID().toString().substring(0, 8),
					"--atoll.agent.images-dir=" + imagesDir, "--atoll.agent.work-dir=" + work.resolve("agent")));
			agentArgs.addAll(agentExtras.apply(work.resolve("agent")));
			ServiceProcess agent = startAgent(work, agentArgs);
			return new AtollStack(controlPlane, controlPlaneArgs, adminToken, agent, work, agentArgs);
		}
		catch (RuntimeException | InterruptedException ex) {
			controlPlane.close();
			throw ex;
		}
	}

	private static ServiceProcess startAgent(Path work, List<String> args) throws IOException, InterruptedException {
		ServiceProcess agent = ServiceProcess.start("node-agent", Path.of(requiredProperty("atoll.node-agent.jar")),
				work, args);
		try {
			// As long as the control plane gets: a loaded CI host starts a JVM slowly.
			agent.awaitHealthy(Duration.ofSeconds(120));
			return agent;
		}
		catch (RuntimeException | InterruptedException ex) {
			agent.close();
			throw ex;
		}
	}

	/**
	 * Kills the node agent with SIGKILL (it can stop nothing) and starts another with the
	 * same node name and work directory, as a supervisor would after a crash.
	 */
	void killAgentAndStartAnother() throws IOException, InterruptedException {
		this.agent.kill();
		this.agent = startAgent(this.work, this.agentArgs);
	}

	/** Stops the control plane as an operator would (SIGTERM); the agent runs on. */
	void stopControlPlane() throws InterruptedException {
		this.controlPlane.close();
	}

	/**
	 * Starts the control plane again on the same port and the same database (its embedded
	 * PostgreSQL directory), as a restart after maintenance would.
	 */
	void restartControlPlane() throws IOException, InterruptedException {
		this.controlPlane = ServiceProcess.start("control-plane", Path.of(requiredProperty("atoll.control-plane.jar")),
				this.work, this.controlPlaneArgs, this.controlPlane.port());
		this.controlPlane.awaitHealthy(Duration.ofSeconds(120));
	}

	/** The running node agent's base URL. */
	String agentUrl() {
		return this.agent.baseUrl();
	}

	private static String requiredProperty(String name) {
		String value = System.getProperty(name);
		if (value == null || value.isBlank()) {
			throw new IllegalStateException("system property " + name + " is not set (run through Maven)");
		}
		return value;
	}

	/** The API as an admin. */
	ApiClient api() {
		return new ApiClient(this.controlPlane.baseUrl(), this.adminToken);
	}

	/** The QEMU processes this stack's agents started and that are still alive. */
	List<ProcessHandle> qemuProcesses() {
		return QemuProcesses.runningUnder(this.work.resolve("agent"));
	}

	/** Both services' log tails, to explain a failed expectation. */
	String logs() {
		return "--- control plane ---\n" + this.controlPlane.logTail() + "\n--- node agent ---\n"
				+ this.agent.logTail();
	}

	@Override
	public void close() throws InterruptedException {
		try {
			this.agent.close();
		}
		finally {
			this.controlPlane.close();
		}
	}

}
