package dev.atoll.controlplane.systems;

import java.util.List;

import dev.atoll.api.ApiPaths;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import org.springframework.http.MediaType;

import static org.assertj.core.api.Assertions.assertThat;

class SystemValidationApiTests extends SystemApiTest {

	@Test
	void theFixtureIsValid() {
		createFixture();
	}

	@ParameterizedTest(name = "{0}")
	@CsvSource(delimiter = '|',
			textBlock = """
							unknown field in a service      | /spec/services/0/colour="red"                         | spec.services[0].colour            | not a known field
							unknown field at the top        | /colour="red"                                         | colour                             | not a known field
							priority as a string            | /spec/services/0/priority="200"                       | spec.services[0].priority          | integer
							unknown restart policy          | /spec/services/0/restart={"policy": "Sometimes"}      | spec.services[0].restart.policy    | one of
							bad system name                 | /name="Web_1"                                         | name                               | lower-case
							bad label key                   | /labels={"-bad": "x"}                                 | labels.-bad                        | key must match
							missing spec                    | /spec=null                                            | spec                               | is required
							no tasks at all                 | /spec/personalities=[] ; /spec/services=[]            | spec                               | at least one
							missing memory                  | /spec/memoryMb=null                                   | spec.memoryMb                      | is required
							too much memory                 | /spec/memoryMb=8192                                   | spec.memoryMb                      | between 64 and 4096
							a null task                     | /spec/services/-=null                                 | spec.services[3]                   | must not be null
							bad task name                   | /spec/services/0/name="Uart"                          | spec.services[0].name              | lower-case letter
							duplicate task names            | /spec/services/0/name="linux"                         | spec.services[0].name              | already the name of spec.personalities[0]
							missing kind                    | /spec/services/0/kind=null                            | spec.services[0].kind              | is required
							unknown service kind            | /spec/services/0/kind="gpu"                           | spec.services[0].kind              | one of [blk, fs, net, uart]
							bad program                     | /spec/personalities/0/program="../bin/sh"             | spec.personalities[0].program      | letters, digits
							priority above the root task's  | /spec/services/0/priority=255                         | spec.services[0].priority          | between 0 and 254
							negative priority               | /spec/personalities/0/priority=-1                     | spec.personalities[0].priority     | between 0 and 254
							server below its client         | /spec/services/1/priority=50                          | spec.services[2].uses[0]           | below its client 'linux'
							missing budget                  | /spec/personalities/0/memoryBudgetBytes=null          | spec.personalities[0].memoryBudgetBytes | is required
							budget not whole pages          | /spec/services/0/memoryBudgetBytes=1000               | spec.services[0].memoryBudgetBytes | multiple of 4096
							budgets beyond the memory       | /spec/memoryMb=64 ; /spec/personalities/0/memoryBudgetBytes=66060288 | spec.memoryMb | more than the 64 MiB
							linked service with a budget    | /spec/services/2/memoryBudgetBytes=4096               | spec.services[2].memoryBudgetBytes | absent for a linked service
					linked service with a priority  | /spec/services/2/priority=100                         | spec.services[2].priority          | absent for a linked service
					linked service with a restart   | /spec/services/2/restart={"policy": "Always"}         | spec.services[2].restart           | absent for a linked service
					own task without a budget       | /spec/services/2/linkedInto=[]                        | spec.services[2].memoryBudgetBytes | is required
					name longer than 15             | /spec/services/0/name="uart-multiplexer"              | spec.services[0].name              | up to 14
					irq out of range                | /spec/services/0/irqs=[1020]                          | spec.services[0].irqs[0]           | 0 to 1019
					irq owned twice                 | /spec/services/0/irqs=[79]                            | spec.services[1].irqs[0]           | already owned by 'uart'
					too many irqs                   | /spec/services/0/irqs=[1, 2, 3, 4, 5]                 | spec.services[0].irqs              | at most 4
							device owned twice              | /spec/services/1/devices=["console"]                    | spec.services[1].devices[0]        | already owned by 'uart'
							device listed twice             | /spec/services/0/devices=["console", "console"]           | spec.services[0].devices[1]        | listed twice
							bad device name                 | /spec/services/0/devices=["UART 0"]                   | spec.services[0].devices[0]        | must match
							device owner linked into two    | /spec/personalities/-={"name": "posix", "kind": "linux", "memoryBudgetBytes": 4096} ; /spec/services/0/linkedInto=["linux", "posix"] | spec.services[0].linkedInto | linked into one task at most
							linked into a missing task      | /spec/services/2/linkedInto=["posix"]                 | spec.services[2].linkedInto[0]     | no personality or service named 'posix'
							linked into itself              | /spec/services/2/linkedInto=["fs"]                    | spec.services[2].linkedInto[0]     | into itself
							linked into a linked service    | /spec/services/-={"name": "net", "kind": "net", "memoryBudgetBytes": 4096, "linkedInto": ["fs"]} | spec.services[3].linkedInto[0] | is itself linked
							uses a missing service          | /spec/personalities/0/uses=["net"]                    | spec.personalities[0].uses[0]      | no service named 'net'
							uses a personality              | /spec/services/0/uses=["linux"]                       | spec.services[0].uses[0]           | is a personality
							uses itself                     | /spec/services/1/uses=["blk"]                         | spec.services[1].uses[0]           | cannot use itself
							uses a service linked elsewhere | /spec/personalities/-={"name": "posix", "kind": "linux", "memoryBudgetBytes": 4096, "uses": ["fs"]} | spec.personalities[1].uses[0] | cannot reach it
							too many restarts               | /spec/services/0/restart={"maxRestarts": -1}          | spec.services[0].restart.maxRestarts | between 0 and 1000
							too long a backoff              | /spec/services/0/restart={"backoffMs": 600001}        | spec.services[0].restart.backoffMs | between 0 and 600000
							""")
	void anInvalidSystemIs400NamingTheFieldAndWhy(String why, String edits, String field, String message) {
		expectProblem(createSystem(SystemFixtures.edited(edits), null), 400)
			.jsonPath("$.errors[?(@.field == '" + field + "')].message")
			.value((List<String> messages) -> assertThat(messages)
				.anySatisfy((text) -> assertThat(text).contains(message)));
		assertThat(this.sql.sql("select count(*) from systems").query(Integer.class).single()).isZero();
	}

	@Test
	void everyViolationIsListedAtOnce() {
		expectProblem(this.web.post()
			.uri(ApiPaths.SYSTEMS)
			.contentType(MediaType.APPLICATION_JSON)
			.bodyValue(SystemFixtures.edited(
					"/name=\"Bad\" ; /spec/services/0/priority=300 ; /spec/services/1/devices=[\"console\"] ; /spec/personalities/0/uses=[\"fs\", \"nothing\"]"))
			.exchange(), 400).jsonPath("$.errors[*].field")
			.value((List<String> fields) -> assertThat(fields).containsExactlyInAnyOrder("name",
					"spec.services[0].priority", "spec.services[1].devices[0]", "spec.personalities[0].uses[1]"));
	}

	@Test
	void aValidationDryRunOfAnInvalidSystemIsTheSame400() {
		expectProblem(this.web.post()
			.uri(ApiPaths.SYSTEMS + "?dryRun=true")
			.contentType(MediaType.APPLICATION_JSON)
			.bodyValue(SystemFixtures.edited("/spec/services/1/devices=[\"console\"]"))
			.exchange(), 400).jsonPath("$.errors[0].field").isEqualTo("spec.services[1].devices[0]");
	}

}
