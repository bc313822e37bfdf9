package dev.meridian.events;

/** A patient's contact details: personal data. */
public record ContactDetails(String email, String phone) {

    @Override
    public String toString() {
        return "ContactDetails[redacted]";
    }
}
