package dev.atoll.api;

/**
 * Whether the root task's supervisor restarts a task that faults: never (it stays
 * stopped), or always, within its limit and backoff. Rendered as the boot configuration's
 * {@code restart=never|always}.
 */
public enum RestartPolicy {

	Never, Always

}
