package dev.corral.engine.nbd;

/** What the handshake does after answering one option. */
sealed interface OptionOutcome {
    /** Keep haggling: wait for the next option. */
    OptionOutcome CONTINUE = new Continue();

    /** Close the connection once the replies written so far are on the wire. */
    OptionOutcome CLOSE = new Close();

    record Continue() implements OptionOutcome {}

    record Close() implements OptionOutcome {}

    /** The client chose an export; switch the connection to the transmission phase. */
    record EnterTransmission(TransmissionSession session) implements OptionOutcome {}
}
