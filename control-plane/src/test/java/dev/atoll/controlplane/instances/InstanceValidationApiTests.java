package dev.atoll.controlplane.instances;

import java.util.List;

import dev.atoll.api.ApiPaths;
import dev.atoll.controlplane.ApiTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import org.springframework.http.MediaType;

import static org.assertj.core.api.Assertions.assertThat;

class InstanceValidationApiTests extends ApiTest {

	@ParameterizedTest(name = "{0} → {1}")
	@CsvSource(delimiter = '|',
			textBlock = """
					missing name             | name     | {"system": "linux", "image": "default"}
					empty name               | name     | {"name": "", "system": "linux", "image": "default"}
					upper-case name          | name     | {"name": "Web-1", "system": "linux", "image": "default"}
					name ending in a dash    | name     | {"name": "web-", "system": "linux", "image": "default"}
					name of 64 characters    | name     | {"name": "aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa", "system": "linux", "image": "default"}
					missing system           | system   | {"name": "web-1", "image": "default"}
					system with a slash      | system   | {"name": "web-1", "system": "../etc", "image": "default"}
					missing image            | image    | {"name": "web-1", "system": "linux"}
					image with a space       | image    | {"name": "web-1", "system": "linux", "image": "my image"}
					too little memory        | memoryMb | {"name": "web-1", "system": "linux", "image": "default", "memoryMb": 63}
					too much memory          | memoryMb | {"name": "web-1", "system": "linux", "image": "default", "memoryMb": 4097}
					memory as a string       | memoryMb | {"name": "web-1", "system": "linux", "image": "default", "memoryMb": "256"}
					memory with a fraction   | memoryMb | {"name": "web-1", "system": "linux", "image": "default", "memoryMb": 256.5}
					memory as an object      | memoryMb | {"name": "web-1", "system": "linux", "image": "default", "memoryMb": {}}
					name as a number         | name     | {"name": 5, "system": "linux", "image": "default"}
					name as an array         | name     | {"name": ["web-1"], "system": "linux", "image": "default"}
					unknown field            | colour   | {"name": "web-1", "system": "linux", "image": "default", "colour": "red"}
					not JSON                 | body     | this is not JSON
					truncated JSON           | body     | {"name": "web-1",
					an array, not an object  | body     | ["web-1"]
					two documents            | body     | {"name": "web-1", "system": "linux", "image": "default"} {}
					""")
	void aMalformedCreateRequestIs400ProblemNamingTheField(String why, String field, String body) {
		expectProblem(this.web.post()
			.uri(ApiPaths.INSTANCES)
			.contentType(MediaType.APPLICATION_JSON)
			.bodyValue(body)
			.exchange(), 400).jsonPath("$.errors[*].field")
			.value((List<String> fields) -> assertThat(fields).contains(field))
			.jsonPath("$.errors[0].message")
			.isNotEmpty();
		assertThat(this.sql.sql("select count(*) from instances").query(Integer.class).single()).isZero();
	}

	@Test
	void anEmptyBodyIs400NamingTheBody() {
		expectProblem(this.web.post().uri(ApiPaths.INSTANCES).contentType(MediaType.APPLICATION_JSON).exchange(), 400)
			.jsonPath("$.errors[0].field")
			.isEqualTo("body");
	}

	@Test
	void everyViolationIsListedAtOnce() {
		expectProblem(this.web.post()
			.uri(ApiPaths.INSTANCES)
			.contentType(MediaType.APPLICATION_JSON)
			.bodyValue("{\"name\": \"Bad\", \"memoryMb\": 1}")
			.exchange(), 400).jsonPath("$.errors[*].field")
			.value((List<String> fields) -> assertThat(fields).containsExactly("name", "system", "image", "memoryMb"));
	}

}
