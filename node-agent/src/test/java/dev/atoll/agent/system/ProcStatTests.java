package dev.atoll.agent.system;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class ProcStatTests {

	@Test
	void parsesAStatLineWhoseCommandHoldsSpacesAndParentheses() {
		String line = "4242 (qemu (sys) x) S 1 4242 4242 0 -1 4194560 2406 0 0 0 250 75 0 0 20 0 5 0 "
				+ "987654 1430000000 31000 18446744073709551615 1 1 0 0 0 0 0 4096 0 0 0 0 17 2 0 0 0 0 0";

		assertThat(ProcStat.parse(4242, line)).hasValueSatisfying((stat) -> {
			assertThat(stat.state()).isEqualTo('S');
			assertThat(stat.cpuTicks()).isEqualTo(325);
			assertThat(stat.cpuSeconds()).isEqualTo(3.25);
			assertThat(stat.startTimeTicks()).isEqualTo(987654);
			assertThat(stat.residentPages()).isEqualTo(31000);
			assertThat(stat.alive()).isTrue();
		});
	}

	@Test
	void refusesWhatIsNoStatLine() {
		assertThat(ProcStat.parse(1, "")).isEmpty();
		assertThat(ProcStat.parse(1, "1 (x) S 1 2")).isEmpty();
		assertThat(ProcStat.parse(1, "1 (x) Z 1 2 3 4 5 6 7 8 9 10 ten 12 13 14 15 16 17 18 19 20 21 22")).isEmpty();
	}

	@Test
	void readsThisProcess() {
		long self = ProcessHandle.current().pid();

		assertThat(ProcStat.of(self)).hasValueSatisfying((stat) -> {
			assertThat(stat.alive()).isTrue();
			assertThat(stat.startTimeTicks()).isPositive();
		});
		assertThat(ProcStat.residentBytes(self).orElseThrow()).isPositive();
		assertThat(ProcStat.of(Long.MAX_VALUE)).isEmpty();
	}

}
