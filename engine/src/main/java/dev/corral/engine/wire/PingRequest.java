package dev.corral.engine.wire;

/** Liveness probe; answered without touching the store. */
public record PingRequest(long id) implements Request {
    @Override
    public Opcode op() {
        return Opcode.PING;
    }
}
