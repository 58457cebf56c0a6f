package dev.atoll.agent.controlplane;

/** The control plane's answer to one call, as a value: the agent decides what follows. */
sealed interface Reply<T> {

	/** 2xx with its body (null for an empty body). */
	record Ok<T>(T body) implements Reply<T> {
	}

	/** 404: the node (or instance) is unknown to the control plane. */
	record NotFound<T>() implements Reply<T> {
	}

	/** Another 4xx: the control plane refused the call. */
	record Refused<T>(int status, String detail) implements Reply<T> {
	}

	/** No answer, or 5xx: the control plane is down or failing; try again later. */
	record Unavailable<T>(String reason) implements Reply<T> {
	}

}
