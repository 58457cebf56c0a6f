package dev.atoll.api;

import java.util.List;

/**
 * The answer of a dry run ({@code ?dryRun=true}): the request is valid; this is what it
 * would store and how that differs from another revision. Nothing was stored.
 *
 * @param spec the revision as it would be stored, normalized
 * @param againstRevision the revision compared with, or null when there is none (a new
 * system): then every task is added
 * @param memoryMbBefore the compared revision's {@code memoryMb}, or null
 * @param changes one entry per task added, removed or changed, by name
 */
public record SystemDiff(SystemSpec spec, Integer againstRevision, Integer memoryMbBefore, List<TaskChange> changes) {
}
