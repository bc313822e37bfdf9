package dev.meridian.practice.security;

/** The caller sees the record but their role (or the location they named) does not allow this: HTTP 403. */
public class OperationForbidden extends RuntimeException {

    public OperationForbidden(String detail) {
        super(detail);
    }
}
