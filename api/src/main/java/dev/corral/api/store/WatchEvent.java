package dev.corral.api.store;

import dev.corral.api.model.Resource;

/**
 * One change seen by a watch. {@code resource} is the object after the change (for DELETED, as it
 * was last stored); SYNCED carries no resource and says the initial ADDED events are all sent.
 */
public record WatchEvent(Type type, Resource resource, long revision) {
    public enum Type {
        ADDED,
        MODIFIED,
        DELETED,
        SYNCED
    }
}
