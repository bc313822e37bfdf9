package dev.meridian.practice.patient;

import dev.meridian.events.Chronicity;
import dev.meridian.events.CourseOutcome;
import dev.meridian.events.PainLocation;
import dev.meridian.events.PersonalDetails;
import dev.meridian.practice.infrastructure.ViewDocument;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import org.springframework.data.annotation.Id;
import org.springframework.data.mongodb.core.mapping.Document;

/**
 * What staff see of one patient: personal details and home location, and the patient's treatment courses. After
 * erasure it shows {@code erased: true} and no personal data at all.
 */
@Document(collection = PatientView.COLLECTION)
public class PatientView extends ViewDocument {

    public static final String COLLECTION = "patient_views";

    /** A course as the patient lists it; the course's own view has the sessions and homework. */
    public static class CourseSummary {
        private String courseId;
        private String locationId;
        private String practitionerId;
        private PainLocation painLocation;
        private Chronicity chronicity;
        private Instant openedAt;
        private String status;
        private CourseOutcome outcome;
        private Instant closedAt;

        CourseSummary() {
            // for the Mongo mapping
        }

        CourseSummary(String courseId) {
            this.courseId = courseId;
        }

        public String getCourseId() {
            return courseId;
        }

        public String getLocationId() {
            return locationId;
        }

        public String getPractitionerId() {
            return practitionerId;
        }

        public PainLocation getPainLocation() {
            return painLocation;
        }

        public Chronicity getChronicity() {
            return chronicity;
        }

        public Instant getOpenedAt() {
            return openedAt;
        }

        /** {@code OPEN} or {@code CLOSED}. */
        public String getStatus() {
            return status;
        }

        public CourseOutcome getOutcome() {
            return outcome;
        }

        public Instant getClosedAt() {
            return closedAt;
        }
    }

    @Id
    private String patientId;
    private String homeLocationId;
    private String givenName;
    private String familyName;
    private LocalDate birthDate;
    private String email;
    private String phone;
    private Instant registeredAt;
    private boolean erased;
    private Instant erasedAt;
    private List<CourseSummary> courses = new ArrayList<>();

    PatientView() {
        // for the Mongo mapping
    }

    PatientView(String patientId) {
        this.patientId = patientId;
    }

    public String getPatientId() {
        return patientId;
    }

    public String getHomeLocationId() {
        return homeLocationId;
    }

    public String getGivenName() {
        return givenName;
    }

    public String getFamilyName() {
        return familyName;
    }

    public LocalDate getBirthDate() {
        return birthDate;
    }

    public String getEmail() {
        return email;
    }

    public String getPhone() {
        return phone;
    }

    public Instant getRegisteredAt() {
        return registeredAt;
    }

    public boolean isErased() {
        return erased;
    }

    public Instant getErasedAt() {
        return erasedAt;
    }

    public List<CourseSummary> getCourses() {
        return courses;
    }

    void registered(String homeLocationId, PersonalDetails personal, Instant at) {
        this.homeLocationId = homeLocationId;
        this.registeredAt = at;
        if (!erased && personal != null) {
            givenName = personal.givenName();
            familyName = personal.familyName();
            birthDate = personal.birthDate();
            email = personal.email();
            phone = personal.phone();
        }
    }

    void contactUpdated(String email, String phone) {
        if (!erased) {
            this.email = email;
            this.phone = phone;
        }
    }

    void transferred(String newHomeLocationId) {
        this.homeLocationId = newHomeLocationId;
    }

    void erased(Instant at) {
        erased = true;
        erasedAt = at;
        givenName = null;
        familyName = null;
        birthDate = null;
        email = null;
        phone = null;
    }

    void courseOpened(String courseId, String locationId, String practitionerId, PainLocation painLocation,
                      Chronicity chronicity, Instant at) {
        CourseSummary course = course(courseId);
        course.locationId = locationId;
        course.practitionerId = practitionerId;
        course.painLocation = painLocation;
        course.chronicity = chronicity;
        course.openedAt = at;
        if (course.status == null) {
            course.status = "OPEN";
        }
    }

    void courseClosed(String courseId, CourseOutcome outcome, Instant at) {
        CourseSummary course = course(courseId);
        course.outcome = outcome;
        course.closedAt = at;
        course.status = "CLOSED";
    }

    private CourseSummary course(String courseId) {
        for (CourseSummary course : courses) {
            if (course.courseId.equals(courseId)) {
                return course;
            }
        }
        CourseSummary added = new CourseSummary(courseId);
        courses.add(added);
        return added;
    }
}
