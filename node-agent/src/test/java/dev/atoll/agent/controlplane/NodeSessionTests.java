package dev.atoll.agent.controlplane;

import java.io.IOException;
import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import dev.atoll.agent.backend.FakeBackend;
import dev.atoll.agent.exec.ConsoleExec;
import dev.atoll.agent.reconcile.Reconciler;
import dev.atoll.agent.system.AgentProperties;
import dev.atoll.api.DesiredInstance;
import dev.atoll.api.Phase;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import org.springframework.mock.env.MockEnvironment;
import org.springframework.util.unit.DataSize;
import org.springframework.web.client.RestClient;
import dev.atoll.agent.testing.MutableClock;

import static org.assertj.core.api.Assertions.assertThat;

class NodeSessionTests {

	private final FakeControlPlane controlPlane;

	private final FakeBackend backend = new FakeBackend();

	private final MutableClock clock = new MutableClock();

	private final AgentProperties properties;

	private final NodeSession session;

	private final DesiredInstance instance = new DesiredInstance(UUID.randomUUID(), "one", "demo", "demo", 128, 1);

	NodeSessionTests() throws IOException {
		this.controlPlane = new FakeControlPlane();
		this.properties = new AgentProperties(URI.create(this.controlPlane.url()), "node-a", 2048, 4, Path.of("images"),
				Path.of("work"), "qemu-system-aarch64", Duration.ofSeconds(5), "agent-host", true, 3,
				Duration.ofSeconds(2), "qemu", List.of(), DataSize.ofMegabytes(1), 3,
				Map.of("zone", "a", "backend", "lies"), Duration.ofSeconds(60));
		Reconciler reconciler = new Reconciler(this.backend, this.clock);
		this.session = new NodeSession(
				new ControlPlaneClient(RestClient.builder(), this.properties, FakeControlPlane.JOIN_TOKEN), reconciler,
				this.backend, this.properties, new MockEnvironment().withProperty("local.server.port", "7171"),
				this.clock, new ConsoleExec(this.backend, reconciler::execReplies));
	}

	@AfterEach
	void stopControlPlane() {
		this.controlPlane.close();
	}

	@Test
	void registersDescribingTheNodeThenHeartbeatsAndStartsWhatItIsAssigned() {
		this.controlPlane.assignments = List.of(this.instance);

		this.session.step();

		assertThat(this.controlPlane.registrations).singleElement().satisfies((registration) -> {
			assertThat(registration.name()).isEqualTo("node-a");
			assertThat(registration.architecture()).isEqualTo("aarch64");
			assertThat(registration.memoryMb()).isEqualTo(2048);
			assertThat(registration.instanceSlots()).isEqualTo(4);
			assertThat(registration.labels()).as("the backend's labels, arch and the configured ones")
				.containsEntry("backend", "fake")
				.containsEntry("arch", "aarch64")
				.containsEntry("zone", "a");
			assertThat(registration.metricsUrl()).isEqualTo("http://agent-host:7171/metrics");
		});
		assertThat(this.controlPlane.heartbeats).hasSize(1);
		assertThat(this.backend.runs).containsOnlyKeys(this.instance.id());
		assertThat(this.controlPlane.reportsOf(this.instance.id())).singleElement()
			.satisfies((report) -> assertThat(report.report().phase()).isEqualTo(Phase.Booting));
	}

	@Test
	void aNudgeMakesTheNextStepHeartbeatBeforeTheInterval() {
		this.session.step();
		this.session.step();
		assertThat(this.controlPlane.heartbeats).hasSize(1);

		this.controlPlane.assignments = List.of(this.instance);
		this.session.nudge();
		this.session.step();

		assertThat(this.controlPlane.heartbeats).hasSize(2);
		assertThat(this.backend.runs).containsOnlyKeys(this.instance.id());
		this.session.step();
		assertThat(this.controlPlane.heartbeats).as("one nudge, one heartbeat").hasSize(2);
	}

	@Test
	void heartbeatsAtTheServersIntervalListingRunningInstancesAndReportingEachTime() {
		this.controlPlane.assignments = List.of(this.instance);
		this.session.step();

		this.clock.advance(Duration.ofMillis(50));
		this.session.step();
		assertThat(this.controlPlane.heartbeats).as("before the 100 ms interval").hasSize(1);
		assertThat(this.controlPlane.reportsOf(this.instance.id())).as("nothing changed").hasSize(1);

		this.clock.advance(Duration.ofMillis(50));
		this.session.step();
		assertThat(this.controlPlane.heartbeats).hasSize(2);
		assertThat(this.controlPlane.heartbeats.get(1).runningInstances()).containsExactly(this.instance.id());
		assertThat(this.controlPlane.reportsOf(this.instance.id())).as("reported with each heartbeat").hasSize(2);
	}

	@Test
	void reportsAChangeWithoutWaitingForTheHeartbeat() {
		this.controlPlane.assignments = List.of(this.instance);
		this.session.step();

		this.backend.crash(this.instance.id(), 1);
		this.clock.advance(Duration.ofMillis(10));
		this.session.step();

		assertThat(this.controlPlane.heartbeats).hasSize(1);
		assertThat(this.controlPlane.reportsOf(this.instance.id())).last()
			.satisfies((report) -> assertThat(report.report().phase()).isEqualTo(Phase.Failed));
	}

	@Test
	void unknownNodeRegistersAgain() {
		this.session.step();
		this.controlPlane.forgetNodes();

		this.clock.advance(Duration.ofMillis(100));
		this.session.step();
		this.session.step();

		assertThat(this.controlPlane.registrations).hasSize(2);
		assertThat(this.controlPlane.heartbeats).hasSize(2);
	}

	@Test
	void keepsInstancesRunningWhileTheControlPlaneIsDownAndConvergesWhenItIsBack() throws IOException {
		this.controlPlane.assignments = List.of(this.instance);
		this.session.step();

		this.controlPlane.down();
		for (int i = 0; i < 5; i++) {
			this.clock.advance(Duration.ofSeconds(1));
			this.session.step();
		}
		assertThat(this.backend.runs).as("still running while the control plane is down")
			.containsOnlyKeys(this.instance.id());
		assertThat(this.backend.stops()).isZero();

		this.controlPlane.assignments = List.of();
		this.controlPlane.up();
		this.clock.advance(Duration.ofMinutes(1));
		this.session.step();

		assertThat(this.backend.runs).as("converged on the new desired state").isEmpty();
		assertThat(this.controlPlane.reportsOf(this.instance.id())).last()
			.satisfies((report) -> assertThat(report.report().phase()).isEqualTo(Phase.Stopped));
	}

	@Test
	void retriesRegistrationWithBackoffWhileTheControlPlaneIsDown() {
		this.controlPlane.down();

		this.session.step();
		this.session.step();
		this.clock.advance(NodeSession.FIRST_RETRY);
		this.session.step();

		assertThat(this.controlPlane.registrations).isEmpty();
		assertThat(this.backend.calls).isEmpty();
	}

	@Test
	void registersOnlyWithTheJoinTokenAndKeepsRetryingWithoutIt() {
		Reconciler reconciler = new Reconciler(this.backend, this.clock);
		NodeSession withoutJoinToken = new NodeSession(
				new ControlPlaneClient(RestClient.builder(), this.properties, "wrong-join-token"), reconciler,
				this.backend, this.properties, new MockEnvironment().withProperty("local.server.port", "7171"),
				this.clock, new ConsoleExec(this.backend, reconciler::execReplies));

		withoutJoinToken.step();
		this.clock.advance(NodeSession.FIRST_RETRY);
		withoutJoinToken.step();

		assertThat(this.controlPlane.registrations).isEmpty();
		assertThat(this.controlPlane.heartbeats).isEmpty();
	}

}
