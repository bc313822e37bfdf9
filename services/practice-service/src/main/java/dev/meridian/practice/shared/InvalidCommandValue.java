package dev.meridian.practice.shared;

/**
 * A command whose value breaks a domain rule whatever the state: pain 11, retention 61 minutes, a future date,
 * retention in the psoas. Answered with HTTP 400 naming the field and the rule; nothing is written.
 */
public class InvalidCommandValue extends RuntimeException {

    private final String field;

    public InvalidCommandValue(String field, String rule) {
        super(field + ": " + rule);
        this.field = field;
    }

    public String field() {
        return field;
    }

    /** The rule alone, without the field name. */
    public String rule() {
        return getMessage().substring(field.length() + 2);
    }
}
