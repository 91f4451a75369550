package dev.orgsso.federation;

import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;
import java.util.concurrent.Semaphore;

/**
 * At most {@code limit} calls to one IdP in flight on this node. A per-node limit on a local resource
 * (the node's worker threads), not shared state: each node protects its own threads, so the limit holds
 * per node and nothing needs to agree across the cluster. Beyond it a sign-in is refused at once
 * ({@link IdpUnavailable.Problem#BUSY}) instead of waiting for a thread another customer needs.
 */
final class Bulkhead {

    /** Released when the calls of one sign-in are done. */
    interface Permit extends AutoCloseable {
        @Override
        void close();
    }

    private final int limit;
    /** One semaphore per IdP (by its internal id), made on first use; a few bytes per IdP of the realm. */
    private final ConcurrentMap<String, Semaphore> inFlight = new ConcurrentHashMap<>();

    Bulkhead(int limit) {
        this.limit = limit;
    }

    Permit enter(String idpId) {
        Semaphore calls = inFlight.computeIfAbsent(idpId, id -> new Semaphore(limit));
        if (!calls.tryAcquire()) {
            throw new IdpUnavailable(IdpUnavailable.Problem.BUSY, null);
        }
        return calls::release;
    }

    /** Calls in flight to the IdP now (for tests and diagnostics). */
    int inFlight(String idpId) {
        Semaphore calls = inFlight.get(idpId);
        return calls == null ? 0 : limit - calls.availablePermits();
    }
}
