package dev.atoll.controlplane.scheduling;

import java.time.Duration;

import dev.atoll.api.InstanceEvent;
import dev.atoll.api.InstanceView;
import dev.atoll.api.NodeRegistered;
import dev.atoll.controlplane.ApiTest;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * A node's silence counts only while a control plane watched: after every control plane
 * was down (no scheduler pass for an hour), nodes silent all that time keep their
 * instances, and a node that stays silent is taken for Offline only a whole
 * {@code offline-after} after the watch resumed.
 */
class SchedulerWatchApiTests extends ApiTest {

	@Test
	void nodesSilentWhileNoControlPlaneWatchedKeepTheirInstances() throws InterruptedException {
		NodeRegistered first = registerNode("host-a", 1024, 4);
		InstanceView instance = awaitPlaced(createInstance("web-1", 256).id());
		NodeRegistered second = registerNode("host-b", 1024, 4);
		heartbeat(second);
		await().atMost(Duration.ofSeconds(10))
			.until(() -> this.sql.sql("select count(*) from scheduler_watch").query(Integer.class).single() == 1);

		// Every control plane was down for an hour: so was every node's heartbeat.
		this.sql.sql("update scheduler_watch set last_pass = now() - interval '1 hour'").update();
		silence(first);
		Thread.sleep(3000);

		InstanceView kept = instance(instance.id());
		assertThat(kept.nodeId()).as("still on its node").isEqualTo(first.nodeId());
		assertThat(kept.bootCount()).isEqualTo(1);
		assertThat(events(instance.id())).extracting(InstanceEvent::reason)
			.containsExactly(InstanceEvent.Reason.Scheduled);
		assertThat(this.sql.sql("select watched_since > now() - interval '1 minute' from scheduler_watch")
			.query(Boolean.class)
			.single()).as("the watch resumed").isTrue();
	}

}
