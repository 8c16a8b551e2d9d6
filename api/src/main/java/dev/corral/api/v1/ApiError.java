package dev.corral.api.v1;

import com.fasterxml.jackson.annotation.JsonIgnore;
import java.util.Objects;

/** The body of every 4xx and 5xx answer: {@code {"error": reason, "code": code}}. */
public record ApiError(String error, ErrorCode code) {
    public ApiError {
        Objects.requireNonNull(error, "error");
        Objects.requireNonNull(code, "code");
    }

    @JsonIgnore
    public int status() {
        return code.status();
    }
}
