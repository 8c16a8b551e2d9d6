package dev.corral.controlplane.server;

/**
 * What a handler answers: a status, a body encoded as JSON (none when null) and, for a created
 * object, the absolute URL it can be read at.
 */
record Reply(int status, Object body, String location) {
    static Reply ok(Object body) {
        return new Reply(200, body, null);
    }

    static Reply created(Object body, String location) {
        return new Reply(201, body, location);
    }

    static Reply accepted(Object body) {
        return new Reply(202, body, null);
    }

    static Reply noContent() {
        return new Reply(204, null, null);
    }
}
