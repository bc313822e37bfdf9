package dev.meridian.outcomes.ingest;

/** A failure worth retrying (database or broker away): the record is read again, nothing is skipped. */
public class TransientFailure extends RuntimeException {

    public TransientFailure(String message, Throwable cause) {
        super(message, cause);
    }
}
