package dev.atoll.api;

/**
 * Body of {@code POST /api/v1/leases/{leaseId}/renew}: the lease now expires
 * {@code ttlSeconds} from now.
 *
 * @param ttlSeconds 1 to 86400
 */
public record RenewLeaseRequest(Integer ttlSeconds) {
}
