package dev.corral.engine.wire;

/** Makes every write the replica has acknowledged durable. */
public record FlushRequest(long id) implements Request {
    @Override
    public Opcode op() {
        return Opcode.FLUSH;
    }
}
