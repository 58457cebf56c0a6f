package dev.atoll.controlplane.auth;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import dev.atoll.api.ApiPaths;
import dev.atoll.controlplane.system.Outcome;
import dev.atoll.controlplane.system.Page;
import dev.atoll.controlplane.system.Problem;
import dev.atoll.controlplane.system.ProblemHandler;
import dev.atoll.controlplane.system.Violation;
import reactor.core.publisher.Mono;

import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/**
 * {@code GET /api/v1/audit}: admins read who changed what, newest first, a page at a
 * time.
 */
@RestController
class AuditController {

	private final AuditRepository audit;

	AuditController(AuditRepository audit) {
		this.audit = audit;
	}

	@GetMapping(ApiPaths.AUDIT)
	Mono<ResponseEntity<Object>> list(@RequestParam(required = false) Integer limit,
			@RequestParam(required = false) String cursor) {
		List<Violation> violations = new ArrayList<>();
		int size = Page.size(limit, violations);
		Optional<Long> before = Page.after(cursor, 1, violations).flatMap((keys) -> entryId(keys.getFirst()));
		if (cursor != null && before.isEmpty() && violations.isEmpty()) {
			violations.add(new Violation("cursor", "is not a cursor of this list; pass the one a Link header gave"));
		}
		if (!violations.isEmpty()) {
			return Mono.just(ProblemHandler.respond(Problem.Invalid.of(violations)));
		}
		return this.audit.page(before, size + 1)
			.map((rows) -> Outcome.success(Page.of(rows, size, (entry) -> List.of(Long.toString(entry.id())))))
			.map((outcome) -> ProblemHandler.respond(outcome, (page) -> page.respond(ApiPaths.AUDIT, Map.of())));
	}

	private static Optional<Long> entryId(String key) {
		try {
			return Optional.of(Long.parseLong(key));
		}
		catch (NumberFormatException ex) {
			return Optional.empty();
		}
	}

}
