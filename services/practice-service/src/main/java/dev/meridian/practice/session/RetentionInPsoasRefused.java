package dev.meridian.practice.session;

import dev.meridian.practice.shared.InvalidCommandValue;

/**
 * The psoas is released without retention: needles go in and come out. Retaining needles in it is a value the
 * domain forbids whatever the session's state, hence a 400 on the field {@code muscles}.
 */
public class RetentionInPsoasRefused extends InvalidCommandValue {

    public RetentionInPsoasRefused() {
        super("muscles", "must not include PSOAS: the psoas is released without retention");
    }
}
