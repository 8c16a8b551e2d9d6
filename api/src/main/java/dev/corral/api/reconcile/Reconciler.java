package dev.corral.api.reconcile;

/** Brings one key's object to its desired state; must be idempotent. */
@FunctionalInterface
public interface Reconciler<K> {
    /** True when done; false (or an exception) asks for a retry after the key's backoff. */
    boolean reconcile(K key) throws Exception;
}
