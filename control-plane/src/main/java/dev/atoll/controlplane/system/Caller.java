package dev.atoll.controlplane.system;

import dev.atoll.api.Role;

/**
 * Who calls, as the authorization filter established it from an API token: put into the
 * exchange's attributes under {@link #ATTRIBUTE} for handlers that act on what the caller
 * owns (a CI token manages only its own leases).
 *
 * @param name the API token's name ({@value #CONFIGURED_ADMIN} for the configured admin
 * secret)
 * @param role its role
 */
public record Caller(String name, Role role) {

	/** The exchange attribute (and {@code @RequestAttribute} name) holding the caller. */
	public static final String ATTRIBUTE = "atoll.caller";

	/** The name of the admin secret from the configuration, which is not stored. */
	public static final String CONFIGURED_ADMIN = "configured-admin";

	/**
	 * True when the caller may act on what {@code owner} owns: its own, or any as admin.
	 */
	public boolean mayManage(String owner) {
		return this.role == Role.admin || this.name.equals(owner);
	}

}
