package dev.atoll.it;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.TestInstance;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Base of the end-to-end tests: one whole {@link AtollStack} per test class, and after it
 * stops, the check that no QEMU its agents started outlives it.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
abstract class EndToEndTest {

	static final Duration BOOT_TIMEOUT = Duration.ofSeconds(90);

	AtollStack stack;

	ApiClient api;

	@BeforeAll
	void startStack() throws Exception {
		this.stack = AtollStack.start(this::agentArgs);
		this.api = this.stack.api();
	}

	/**
	 * Arguments for the agent besides the usual ones; {@code agentWork} is its work
	 * directory, where every QEMU it starts must run.
	 */
	List<String> agentArgs(Path agentWork) {
		return List.of();
	}

	@AfterAll
	void stopStackAndCheckNoQemuOutlivesIt() throws Exception {
		if (this.stack == null) {
			return;
		}
		this.stack.close();
		await().atMost(Duration.ofSeconds(20))
			.untilAsserted(
					() -> assertThat(this.stack.qemuProcesses()).as("QEMU left after the agent stopped").isEmpty());
	}

}
