package dev.meridian.practice.shared;

import org.hamcrest.Description;
import org.hamcrest.Matcher;
import org.hamcrest.TypeSafeMatcher;

/** Matchers for {@code expectException}: which refusal, and for a bad value, which field. */
public final class Refusals {

    private Refusals() {
    }

    /** An {@link InvalidCommandValue} (HTTP 400) naming {@code field}. */
    public static Matcher<InvalidCommandValue> invalidValue(String field) {
        return invalidValue(InvalidCommandValue.class, field);
    }

    /** An {@code InvalidCommandValue} of exactly {@code type}, naming {@code field}. */
    public static <T extends InvalidCommandValue> Matcher<T> invalidValue(Class<T> type, String field) {
        return new TypeSafeMatcher<>(type) {
            @Override
            protected boolean matchesSafely(T refusal) {
                return refusal.getClass() == type && refusal.field().equals(field);
            }

            @Override
            public void describeTo(Description description) {
                description.appendText(type.getSimpleName() + " on field ").appendValue(field);
            }

            @Override
            protected void describeMismatchSafely(T refusal, Description mismatch) {
                mismatch.appendText(refusal.getClass().getSimpleName() + " on field ").appendValue(refusal.field())
                        .appendText(": " + refusal.rule());
            }
        };
    }
}
