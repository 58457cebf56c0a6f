package dev.atoll.controlplane.instances;

/**
 * Statements on instances that other features run inside their own transactions, so that
 * each change is written once.
 */
public final class InstanceStatements {

	/**
	 * The one statement that changes an instance's desired system revision, shared by
	 * {@code PATCH /api/v1/instances/{id}} and the rollouts. It locks the instance row,
	 * sets the revision, bumps the generation (the agent reboots the instance with the
	 * new boot configuration; its node is nudged) and records a {@code RevisionChanged}
	 * event saying why.
	 * <p>
	 * Parameters: {@code :id}; {@code :revision}, an integer or null (the image's own
	 * configuration), which must be a revision of the instance's system; {@code :cause},
	 * the end of the event's message. Answers one row ({@code previous}, the revision it
	 * left; {@code generation}, the new one) when it changed the instance, none when the
	 * instance is absent, being deleted, or already at that revision.
	 */
	public static final String CHANGE_REVISION = """
			with locked as (
			    select id, system_revision from instances where id = :id and not deleting for update),
			changed as (
			    update instances i set system_revision = cast(:revision as integer), generation = i.generation + 1,
			                           updated_at = now()
			    from locked l
			    where i.id = l.id and l.system_revision is distinct from cast(:revision as integer)
			    returning i.id, l.system_revision as previous, i.generation),
			recorded as (
			    insert into instance_events (instance_id, at, reason, message)
			    select id, now(), 'RevisionChanged',
			           'system revision ' || coalesce(previous::text, 'of the image') || ' -> '
			           || coalesce(cast(:revision as integer)::text, 'of the image') || ', generation ' || generation
			           || ': ' || :cause
			    from changed)
			select previous, generation from changed""";

	/**
	 * Records an event of the instance: {@code :id}, {@code :reason} (a constant of
	 * {@code InstanceEvent.Reason}), {@code :message}.
	 */
	public static final String RECORD_EVENT = """
			insert into instance_events (instance_id, at, reason, message)
			select id, now(), :reason, :message from instances where id = :id""";

	private InstanceStatements() {
	}

}
