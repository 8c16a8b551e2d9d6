package dev.corral.agent.store;

@FunctionalInterface
public interface WatchListener {
    void onEvent(WatchEvent event);
}
