package dev.atoll.controlplane.auth;

import java.net.URI;
import java.util.List;
import java.util.UUID;

import dev.atoll.api.ApiPaths;
import dev.atoll.api.CreateTokenRequest;
import dev.atoll.api.TokenView;
import dev.atoll.controlplane.system.ProblemHandler;
import reactor.core.publisher.Mono;

import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.util.UriComponentsBuilder;

/** {@code /api/v1/tokens}: admins create, list and revoke API tokens. */
@RestController
class TokenController {

	private final ApiTokens tokens;

	TokenController(ApiTokens tokens) {
		this.tokens = tokens;
	}

	/** 201 with the token and its secret, shown this once. */
	@PostMapping(ApiPaths.TOKENS)
	Mono<ResponseEntity<Object>> create(@RequestBody CreateTokenRequest request) {
		return this.tokens.create(request)
			.map((outcome) -> ProblemHandler.respond(outcome,
					(created) -> ResponseEntity.created(location(created.token().id())).body(created)));
	}

	@GetMapping(ApiPaths.TOKENS)
	Mono<List<TokenView>> list() {
		return this.tokens.list();
	}

	/** 204; the token stops working at once. */
	@DeleteMapping(ApiPaths.TOKEN)
	Mono<ResponseEntity<Object>> revoke(@PathVariable UUID tokenId) {
		return this.tokens.revoke(tokenId)
			.map((outcome) -> ProblemHandler.respond(outcome, (revoked) -> ResponseEntity.noContent().build()));
	}

	private static URI location(UUID id) {
		return UriComponentsBuilder.fromPath(ApiPaths.TOKEN).buildAndExpand(id).toUri();
	}

}
