package dev.corral.engine.nbd;

/** What the handshake does after answering one option. */
sealed interface OptionOutcome {
    /** Keep haggling: wait for the next option. */
    OptionOutcome CONTINUE = new Continue();

    /** Close the connection once the replies written so far are on the wire. */
    OptionOutcome CLOSE = new Close();

    record Continue() implements OptionOutcome {}

    record Close() implements OptionOutcome {}

    /**
     * The client asked for TLS and the server agreed: the ACK is written, and TLS must be in
     * place before another byte is read or the ACK leaves in plain text.
     */
    OptionOutcome START_TLS = new StartTls();

    record StartTls() implements OptionOutcome {}

    /** The client chose an export; switch the connection to the transmission phase. */
    record EnterTransmission(TransmissionSession session) implements OptionOutcome {}
}
