package dev.atoll.controlplane.auth;

import java.security.MessageDigest;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import java.util.regex.Pattern;

import dev.atoll.api.CreateTokenRequest;
import dev.atoll.api.Role;
import dev.atoll.api.TokenCreated;
import dev.atoll.api.TokenView;
import dev.atoll.controlplane.system.BearerTokens;
import dev.atoll.controlplane.system.Caller;
import dev.atoll.controlplane.system.Outcome;
import dev.atoll.controlplane.system.Problem;
import dev.atoll.controlplane.system.Violation;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import reactor.core.publisher.Mono;

import org.springframework.stereotype.Service;

/**
 * API tokens: created with a role (the secret is answered once, only its hash kept),
 * listed, revoked, and checked on every request. The admin token from the configuration,
 * if any, is checked in memory and never stored.
 */
@Service
class ApiTokens {

	private static final Logger log = LoggerFactory.getLogger(ApiTokens.class);

	static final Pattern NAME = Pattern.compile("[a-z0-9]([a-z0-9.-]{0,61}[a-z0-9])?");

	private final TokenRepository tokens;

	private final Optional<byte[]> configuredAdminHash;

	ApiTokens(TokenRepository tokens, AuthProperties properties) {
		this.tokens = tokens;
		this.configuredAdminHash = Optional.ofNullable(properties.adminToken()).map(BearerTokens::hash);
	}

	/**
	 * Creates a token.
	 * @return the token and its secret; Invalid for a bad name or missing role, Conflict
	 * when the name is taken
	 */
	Mono<Outcome<TokenCreated>> create(CreateTokenRequest request) {
		List<Violation> violations = new ArrayList<>();
		if (request.name() == null || request.name().isEmpty()) {
			violations.add(new Violation("name", "is required"));
		}
		else if (!NAME.matcher(request.name()).matches()) {
			violations.add(new Violation("name", "must match " + NAME.pattern()));
		}
		if (request.role() == null) {
			violations.add(new Violation("role", "is required: one of admin, operator, ci, viewer, join"));
		}
		if (request.expiresAt() != null && !request.expiresAt().isAfter(Instant.now())) {
			violations
				.add(new Violation("expiresAt", "must be in the future (or left out: the token does not expire)"));
		}
		if (!violations.isEmpty()) {
			return Mono.just(Outcome.failure(Problem.Invalid.of(violations)));
		}
		String secret = BearerTokens.newToken();
		return this.tokens.create(request.name(), request.role(), BearerTokens.hash(secret), request.expiresAt())
			.map((created) -> created.map((view) -> {
				log.info("API token {} created with role {}", view.name(), view.role());
				return Outcome.success(new TokenCreated(view, secret));
			}).orElseGet(() -> Outcome.failure(new Problem.Conflict("a token named " + request.name() + " exists"))));
	}

	Mono<List<TokenView>> list() {
		return this.tokens.list();
	}

	/** Revokes a token at once; NotFound when there is none with that id. */
	Mono<Outcome<UUID>> revoke(UUID id) {
		return this.tokens.revoke(id).map((revoked) -> {
			if (!revoked) {
				return Outcome.failure(new Problem.NotFound("no token " + id));
			}
			log.info("API token {} revoked", id);
			return Outcome.success(id);
		});
	}

	/**
	 * Who sends an {@code Authorization: Bearer} header's token; records the token's use.
	 * @return the caller; Unauthorized when the header is missing or malformed, or the
	 * token unknown, revoked or expired
	 */
	Mono<Outcome<Caller>> authenticate(String authorization) {
		Optional<String> token = BearerTokens.fromAuthorization(authorization);
		if (token.isEmpty()) {
			return Mono.just(Outcome
				.failure(new Problem.Unauthorized("an API token is required: send Authorization: Bearer <token>")));
		}
		byte[] hash = BearerTokens.hash(token.get());
		if (this.configuredAdminHash.isPresent() && MessageDigest.isEqual(hash, this.configuredAdminHash.get())) {
			return Mono.just(Outcome.success(new Caller(Caller.CONFIGURED_ADMIN, Role.admin)));
		}
		return this.tokens.use(hash).map((stored) -> {
			if (stored.isEmpty()) {
				return Outcome.failure(new Problem.Unauthorized("the bearer token is not a valid API token"));
			}
			if (stored.get().expired()) {
				return Outcome.failure(new Problem.Unauthorized("the API token " + stored.get().name() + " expired at "
						+ stored.get().expiresAt() + "; an admin can create a new one"));
			}
			return Outcome.success(new Caller(stored.get().name(), stored.get().role()));
		});
	}

}
