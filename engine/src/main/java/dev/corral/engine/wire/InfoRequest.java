package dev.corral.engine.wire;

/** Asks for the replica's {@link dev.corral.engine.replica.ReplicaInfo}. */
public record InfoRequest(long id) implements Request {
    @Override
    public Opcode op() {
        return Opcode.INFO;
    }
}
