package dev.corral.engine.wire;

/** A replica's answer to the request with the same id. */
public sealed interface Response
        permits ReadResponse, DoneResponse, InfoResponse, ExtentsResponse, PayloadResponse, ErrorResponse {
    long id();
}
