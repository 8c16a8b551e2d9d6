package dev.corral.api.store;

@FunctionalInterface
public interface WatchListener {
    void onEvent(WatchEvent event);
}
