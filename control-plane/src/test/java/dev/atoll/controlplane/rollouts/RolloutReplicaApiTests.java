package dev.atoll.controlplane.rollouts;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import dev.atoll.api.CreateRolloutRequest;
import dev.atoll.api.InstanceEvent;
import dev.atoll.api.InstanceView;
import dev.atoll.api.RolloutState;
import dev.atoll.api.RolloutView;
import dev.atoll.controlplane.ControlPlaneApplication;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Two control-plane replicas on one database, both reconciling the same rollouts (the
 * other one every 30 ms): every instance is moved, and moved back, exactly once.
 */
class RolloutReplicaApiTests extends RolloutApiTest {

	@Value("${spring.datasource.url}")
	private String databaseUrl;

	@Value("${spring.datasource.username}")
	private String databaseUser;

	private ConfigurableApplicationContext other;

	private SimulatedAgent agent;

	private List<InstanceView> instances;

	@BeforeEach
	void startTheOtherReplica() {
		this.other = new SpringApplicationBuilder(ControlPlaneApplication.class).run("--server.port=0",
				"--spring.datasource.url=" + this.databaseUrl, "--spring.datasource.username=" + this.databaseUser,
				"--spring.datasource.password=", "--spring.flyway.enabled=false",
				"--spring.datasource.hikari.maximum-pool-size=3", "--atoll.auth.admin-token=" + ADMIN_TOKEN,
				"--atoll.rollouts.interval=30ms");
		createSystemWithTwoRevisions();
		this.agent = new SimulatedAgent(this.web, registerNode("host-a", 8192, 16));
		this.instances = new ArrayList<>();
		for (int i = 1; i <= 6; i++) {
			this.instances.add(placedInstance("web-" + i, Map.of()));
		}
		this.agent.tick();
	}

	@AfterEach
	void stopTheOtherReplica() {
		this.other.close();
	}

	@Test
	void eachInstanceIsMovedOnceWhenBothReplicasStepTheRollout() {
		RolloutView created = startRollout(new CreateRolloutRequest(SYSTEM, 2, null, 2, 2, 30));

		RolloutView done = tickUntil(created.id(), (view) -> view.state().isTerminal(), this.agent);

		assertThat(done.state()).as(done.message()).isEqualTo(RolloutState.Succeeded);
		for (InstanceView instance : this.instances) {
			assertThat(instance(instance.id()).generation()).isEqualTo(2);
			assertThat(events(instance.id()))
				.filteredOn((event) -> event.reason() == InstanceEvent.Reason.RevisionChanged)
				.hasSize(1);
		}
	}

	@Test
	void eachMovedInstanceIsMovedBackOnceWhenBothReplicasRollBack() {
		this.agent.readyWhen((desired) -> desired.systemRevision() != 2);
		RolloutView created = startRollout(new CreateRolloutRequest(SYSTEM, 2, null, 3, 3, 2));

		RolloutView done = tickUntil(created.id(), (view) -> view.state().isTerminal(), this.agent);

		assertThat(done.state()).as(done.message()).isEqualTo(RolloutState.RolledBack);
		for (InstanceView instance : this.instances.subList(0, 3)) {
			InstanceView now = instance(instance.id());
			assertThat(now.systemRevision()).isEqualTo(1);
			assertThat(now.generation()).isEqualTo(3);
			assertThat(events(instance.id()))
				.filteredOn((event) -> event.reason() == InstanceEvent.Reason.RevisionChanged)
				.hasSize(2);
		}
		for (InstanceView instance : this.instances.subList(3, 6)) {
			assertThat(instance(instance.id()).generation()).isEqualTo(1);
		}
	}

}
