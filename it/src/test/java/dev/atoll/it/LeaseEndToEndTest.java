package dev.atoll.it;

import java.time.Duration;

import dev.atoll.api.ApiPaths;
import dev.atoll.api.LeaseState;
import dev.atoll.api.LeaseView;
import dev.atoll.api.Role;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * A CI lease end to end: a ci token leases an instance, the agent boots it under QEMU and
 * reports it Ready (every task of the image's configuration running), the lease hands out
 * its endpoint; renewed to a short TTL and then left alone, it expires, and the reaper
 * has the agent stop the QEMU.
 */
class LeaseEndToEndTest extends EndToEndTest {

	@Test
	void aLeasedInstanceBootsIsReadyAndIsTornDownWhenTheLeaseExpires() {
		ApiClient ci = this.api.withToken(this.api.createToken("e2e-ci", Role.ci));
		ApiClient.Reply created = ci.post(ApiPaths.LEASES,
				"{\"system\": \"demo\", \"image\": \"demo\", \"ttlSeconds\": 600, \"ciRunId\": \"e2e-1\","
						+ " \"memoryMb\": 128}");
		assertThat(created.status()).as(created.body()).isEqualTo(201);
		LeaseView lease = created.as(LeaseView.class);
		String path = ApiPaths.LEASE.replace("{leaseId}", lease.id().toString());

		LeaseView ready = await().atMost(BOOT_TIMEOUT)
			.pollInterval(Duration.ofMillis(500))
			.alias("lease " + lease.id() + " Ready")
			.until(() -> ci.get(path).as(LeaseView.class), (now) -> now.state() == LeaseState.Ready);
		assertThat(ready.endpoint().instanceId()).isEqualTo(lease.instanceId());
		assertThat(ready.endpoint().nodeName()).isNotEmpty();
		assertThat(QemuProcesses.of(lease.instanceId())).as("the leased instance's QEMU").hasSize(1);

		// The job is done early: it renews to a short TTL and stops renewing.
		ApiClient.Reply renewed = ci.post(path + "/renew", "{\"ttlSeconds\": 2}");
		assertThat(renewed.status()).as(renewed.body()).isEqualTo(200);

		await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(500)).untilAsserted(() -> {
			LeaseView now = ci.get(path).as(LeaseView.class);
			assertThat(now.state()).isEqualTo(LeaseState.Expired);
			assertThat(now.instanceGone()).as(this.stack.logs()).isTrue();
			assertThat(QemuProcesses.of(lease.instanceId())).as("QEMU of the reaped instance").isEmpty();
		});
		assertThat(this.api.instance(lease.instanceId()).status()).isEqualTo(404);
		assertThat(ci.get(ApiPaths.LEASES + "?ciRunId=e2e-1").as(LeaseView[].class)).singleElement()
			.satisfies((listed) -> assertThat(listed.state()).isEqualTo(LeaseState.Expired));
	}

}
