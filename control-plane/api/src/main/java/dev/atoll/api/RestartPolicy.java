package dev.atoll.api;

/**
 * When a task is restarted: never; only after a fault or a non-zero exit; or whenever it
 * stops.
 */
public enum RestartPolicy {

	Never, OnFailure, Always

}
