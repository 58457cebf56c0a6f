package dev.atoll.controlplane.instances;

/** What became of a create with an {@code Idempotency-Key}. */
sealed interface KeyedCreation {

	/** First use of the key: the instance was created. */
	record Created(StoredInstance instance) implements KeyedCreation {
	}

	/** The key was used before with the same request: the first answer again. */
	record Replayed(StoredInstance instance) implements KeyedCreation {
	}

	/** The key was used before with another request: nothing was done. */
	record KeyReused() implements KeyedCreation {
	}

	/** The name is taken: nothing was created and the key stays unused. */
	record NameTaken() implements KeyedCreation {
	}

}
