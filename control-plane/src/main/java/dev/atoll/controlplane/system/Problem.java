package dev.atoll.controlplane.system;

import java.util.List;

/**
 * An expected failure, as a value. {@link ProblemHandler} is the one place that turns it
 * into an RFC 9457 {@code application/problem+json} response.
 */
public sealed interface Problem {

	/** The human-readable explanation of this occurrence. */
	String detail();

	/** The request is malformed or fails validation; lists every violation. */
	record Invalid(String detail, List<Violation> errors) implements Problem {

		public Invalid {
			errors = List.copyOf(errors);
		}

		public static Invalid of(List<Violation> errors) {
			return new Invalid("the request has " + errors.size() + " invalid field" + (errors.size() == 1 ? "" : "s"),
					errors);
		}

	}

	/** The caller did not prove who it is. */
	record Unauthorized(String detail) implements Problem {
	}

	/** The caller is known but may not do this. */
	record Forbidden(String detail) implements Problem {
	}

	/** The addressed resource does not exist. */
	record NotFound(String detail) implements Problem {
	}

	/** The request conflicts with the current state, e.g. a name already taken. */
	record Conflict(String detail) implements Problem {
	}

	/** A conditional request ({@code If-Match}) named a version that is not current. */
	record PreconditionFailed(String detail) implements Problem {
	}

	/**
	 * What the request refers to existed but is gone for good, e.g. a watch resuming from
	 * a resource version that was compacted away.
	 */
	record Gone(String detail) implements Problem {
	}

	/**
	 * Something the request waited on (an agent, a guest) did not answer in time; the
	 * request may have been carried out partly.
	 */
	record GatewayTimeout(String detail) implements Problem {
	}

	/**
	 * The request is well-formed but cannot be processed as sent, e.g. an idempotency key
	 * reused with another body.
	 */
	record Unprocessable(String detail) implements Problem {
	}

	/**
	 * Another party the request needs did not answer, or answered wrongly, e.g. the agent
	 * of the node that runs an instance whose console is relayed.
	 */
	record BadGateway(String detail) implements Problem {
	}

}
