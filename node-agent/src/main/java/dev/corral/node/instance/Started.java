package dev.corral.node.instance;

/** What an idempotent start answers: the running thing, and whether this request started it. */
record Started<T>(T view, boolean created) {}
