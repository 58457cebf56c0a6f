package dev.atoll.api;

/** The REST paths of the Atoll API, shared by the server and every client. */
public final class ApiPaths {

	public static final String BASE = "/api/v1";

	/**
	 * POST registers a node (agent); answers {@link NodeRegistered}. GET lists every
	 * {@link NodeView}.
	 */
	public static final String NODES = BASE + "/nodes";

	/** GET one {@link NodeView}. */
	public static final String NODE = NODES + "/{nodeId}";

	/**
	 * PUT with {@link NodeHeartbeat}, authenticated by the node token; answers
	 * {@link NodeAssignments}, the full desired state of the node. 404 means the node is
	 * unknown and must register again.
	 */
	public static final String NODE_HEARTBEAT = NODES + "/{nodeId}/heartbeat";

	/**
	 * PUT a {@link NodeAdminChange} (operator): Active, Drained or Maintenance; answers
	 * the {@link NodeView}.
	 */
	public static final String NODE_ADMIN_STATE = NODE + "/admin-state";

	/** PUT with {@link InstanceReport}, authenticated by the node token. */
	public static final String NODE_INSTANCE_STATUS = NODES + "/{nodeId}/instances/{instanceId}/status";

	/** POST {@link CreateInstanceRequest}, GET the list of {@link InstanceView}. */
	public static final String INSTANCES = BASE + "/instances";

	/**
	 * GET, PATCH ({@link InstancePatch}, with {@code If-Match}) or DELETE one instance.
	 */
	public static final String INSTANCE = INSTANCES + "/{instanceId}";

	/** GET the instance's {@link InstanceEvent}s, oldest first. */
	public static final String INSTANCE_EVENTS = INSTANCE + "/events";

	/**
	 * POST {@link ExecRequest}: runs a command on a console of the instance through the
	 * agent of its node; answers {@link ExecResult}, or 504 when no exit code came in
	 * time.
	 */
	public static final String INSTANCE_EXEC = INSTANCE + "/exec";

	/**
	 * GET (node token): claims the node's pending execs, a list of {@link PendingExec}.
	 */
	public static final String NODE_EXEC = NODES + "/{nodeId}/exec";

	/** PUT {@link ExecReport} (node token): the result of one exec the node claimed. */
	public static final String NODE_EXEC_RESULT = NODE_EXEC + "/{execId}";

	/** GET the {@link TaskList} last reported from inside the instance. */
	public static final String INSTANCE_TASKS = INSTANCE + "/tasks";

	/** GET the {@link EndpointList} last reported from inside the instance. */
	public static final String INSTANCE_ENDPOINTS = INSTANCE + "/endpoints";

	/**
	 * GET the {@link InstanceHistory}: the short history of the instance's tasks and
	 * endpoints, for charts.
	 */
	public static final String INSTANCE_HISTORY = INSTANCE + "/history";

	/**
	 * GET one console source of the instance as plain text
	 * ({@code ?source=&lines=&follow=}): served by the agent that runs it, relayed by the
	 * control plane under the same path. {@link ConsoleSources} names the sources.
	 */
	public static final String INSTANCE_CONSOLE = INSTANCE + "/console";

	/**
	 * POST {@link CreateSystemRequest} (with {@code ?dryRun=true}: validate and answer a
	 * {@link SystemDiff}); GET the list of {@link SystemView}.
	 */
	public static final String SYSTEMS = BASE + "/systems";

	/**
	 * GET, PATCH ({@link SystemPatch}; {@code ?dryRun=true&against=N}) or DELETE one
	 * system.
	 */
	public static final String SYSTEM = SYSTEMS + "/{name}";

	/** GET the list of a system's {@link SystemRevisionView}, oldest first. */
	public static final String SYSTEM_REVISIONS = SYSTEM + "/revisions";

	/** GET one {@link SystemRevisionView}. */
	public static final String SYSTEM_REVISION = SYSTEM_REVISIONS + "/{revision}";

	/**
	 * POST {@link CreateImageRequest}; GET the list of {@link ImageView}, by name and
	 * version.
	 */
	public static final String IMAGES = BASE + "/images";

	/** GET or DELETE one image version. */
	public static final String IMAGE = IMAGES + "/{name}/{version}";

	/**
	 * POST {@link CreateLeaseRequest} (CI); GET the list of {@link LeaseView}, oldest
	 * first, filtered by {@code labelSelector}, {@code state} and {@code ciRunId}.
	 */
	public static final String LEASES = BASE + "/leases";

	/** GET one {@link LeaseView}; DELETE releases it (its instance is torn down). */
	public static final String LEASE = LEASES + "/{leaseId}";

	/** POST {@link RenewLeaseRequest} (optional {@code If-Match}): a new expiry. */
	public static final String LEASE_RENEW = LEASE + "/renew";

	/**
	 * POST {@link CreateRolloutRequest} (with {@code Idempotency-Key}); GET the list of
	 * {@link RolloutView}, newest first.
	 */
	public static final String ROLLOUTS = BASE + "/rollouts";

	/** GET one {@link RolloutView} with its progress. */
	public static final String ROLLOUT = ROLLOUTS + "/{rolloutId}";

	/** POST (with {@code If-Match}): stop moving further instances. */
	public static final String ROLLOUT_PAUSE = ROLLOUT + "/pause";

	/** POST (with {@code If-Match}): go on after a pause. */
	public static final String ROLLOUT_RESUME = ROLLOUT + "/resume";

	/** POST (with {@code If-Match}): stop for good, moving back what was moved. */
	public static final String ROLLOUT_ABORT = ROLLOUT + "/abort";

	/**
	 * The dashboard's page ({@code /dashboard/}) and files ({@code /dashboard/{file}}):
	 * static, open to anyone; the page asks for a token and sends it with its API calls.
	 */
	public static final String DASHBOARD = "/dashboard";

	/** GET the OpenAPI 3.1 document of this API (YAML). */
	public static final String OPENAPI = BASE + "/openapi.yaml";

	/** Query parameter: validate and answer the diff, store nothing. */
	public static final String DRY_RUN = "dryRun";

	/** Query parameter of a dry run: the revision to compare with (default: latest). */
	public static final String AGAINST = "against";

	/**
	 * GET the scrape targets of every node's agent in Prometheus' HTTP service discovery
	 * format.
	 */
	public static final String PROMETHEUS_TARGETS = BASE + "/prometheus/targets";

	/**
	 * POST {@link CreateTokenRequest} (admins), answers {@link TokenCreated} with the
	 * secret, once; GET the list of {@link TokenView}.
	 */
	public static final String TOKENS = BASE + "/tokens";

	/** DELETE revokes one API token. */
	public static final String TOKEN = TOKENS + "/{tokenId}";

	/**
	 * GET the audit log (admins): every mutation made with an API token, newest first, a
	 * page of {@link AuditEntry} at a time ({@code ?limit=&cursor=}).
	 */
	public static final String AUDIT = BASE + "/audit";

	/**
	 * GET a watch stream ({@code text/event-stream} of {@link WatchEvent} of
	 * {@link InstanceView}); {@code ?resourceVersion=N} resumes after N (410 Gone when N
	 * was compacted away), without it every current instance comes first as ADDED.
	 */
	public static final String WATCH_INSTANCES = BASE + "/watch/instances";

	/** GET a watch stream of {@link WatchEvent} of {@link NodeView}, as instances. */
	public static final String WATCH_NODES = BASE + "/watch/nodes";

	/**
	 * GET a watch stream of {@link WatchEvent} of {@link LeaseView}, as instances;
	 * {@code ?labelSelector=&state=&ciRunId=} as the list.
	 */
	public static final String WATCH_LEASES = BASE + "/watch/leases";

	/**
	 * GET a watch stream of {@link WatchEvent} of {@link RolloutView}, as instances;
	 * {@code ?state=} keeps the rollouts in that state.
	 */
	public static final String WATCH_ROLLOUTS = BASE + "/watch/rollouts";

	/**
	 * GET a watch stream of {@link WatchEvent} of {@link SystemView}, as instances (each
	 * event's {@code key} is the system's name); {@code ?labelSelector=} as the list.
	 */
	public static final String WATCH_SYSTEMS = BASE + "/watch/systems";

	/**
	 * GET a watch stream of {@link WatchEvent} of {@link ImageView}, as instances (each
	 * event's {@code key} is {@code name/version}); {@code ?labelSelector=} as the list.
	 */
	public static final String WATCH_IMAGES = BASE + "/watch/images";

	/** Query parameter of the watch streams: the last resource version seen. */
	public static final String RESOURCE_VERSION = "resourceVersion";

	/**
	 * GET, authenticated by the node token: a {@code text/event-stream} that sends a
	 * {@code nudge} event whenever the node's desired state changed; the agent heartbeats
	 * at once. Heartbeats stay the level-triggered fallback.
	 */
	public static final String NODE_NUDGES = NODE + "/nudges";

	/**
	 * Header carrying a credential, {@code Authorization: Bearer <token>}: an API token,
	 * or on the agent's calls its node token.
	 */
	public static final String AUTHORIZATION = "Authorization";

	/**
	 * Request header of {@code POST /api/v1/instances}: the same key with the same body
	 * answers the first result again (201, same instance), with another body 422.
	 */
	public static final String IDEMPOTENCY_KEY = "Idempotency-Key";

	/**
	 * Response header set to {@code true} when an idempotency key's answer is replayed.
	 */
	public static final String IDEMPOTENT_REPLAYED = "Idempotent-Replayed";

	private ApiPaths() {
	}

}
