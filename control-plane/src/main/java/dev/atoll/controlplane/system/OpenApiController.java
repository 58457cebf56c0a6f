package dev.atoll.controlplane.system;

import dev.atoll.api.ApiPaths;

import org.springframework.core.io.ClassPathResource;
import org.springframework.core.io.Resource;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RestController;

/**
 * Serves the OpenAPI document, {@code openapi.yaml} beside the code, kept complete by
 * {@code OpenApiDocumentApiTests}.
 */
@RestController
class OpenApiController {

	private static final Resource DOCUMENT = new ClassPathResource("openapi.yaml");

	@GetMapping(ApiPaths.OPENAPI)
	ResponseEntity<Resource> document() {
		return ResponseEntity.ok().contentType(MediaType.parseMediaType("application/yaml")).body(DOCUMENT);
	}

}
