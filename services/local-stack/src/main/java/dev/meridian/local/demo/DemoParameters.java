package dev.meridian.local.demo;

import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;

/**
 * The knobs of the demo clinic network. Every share and range below is <b>synthetic</b>: picked so that the demo
 * and the benchmark exercise every path of the system with a believable mix, not taken from clinical data and not
 * evidence of anything (see docs/demo-data.md).
 *
 * @param seed                      the same seed (with the same reference time) gives the same plan, call for call
 * @param patients                  how many patients to register
 * @param locations                 clinic locations (1 to {@link DemoNetwork#MAX_LOCATIONS})
 * @param practitionersPerLocation  practitioners working at each location
 * @param today                     the date the server will call "today" (onset and birth dates are before it)
 * @param now                       sessions are scheduled from this instant on
 * @param acuteShare                share of courses with onset under 6 weeks ago
 * @param subacuteShare             share with onset 6 to 12 weeks ago (the rest is chronic, over 12 weeks)
 * @param minorAcuteShare           share of acute courses that are minor (most of them resolve in one session)
 * @param emotionalResponseShare    share of non-trauma courses with an emotional response noted in some session
 * @param traumaEmotionalShare      the same share for courses whose trigger is trauma
 * @param cancellationRate          chance that a scheduled session is cancelled by the patient
 * @param noShowRate                chance that a scheduled session is a no-show
 * @param homeworkShare             share of courses given homework after their first completed session
 * @param openCourseShare           share of chronic courses left open (still in treatment) at the end of the plan
 * @param secondCourseShare         share of patients who come back with a second course
 * @param retentionMinutesMean      mean retention time of the other low-back muscles' needles
 * @param chronicResponseShare      share of chronic courses on a responding trajectory (the others barely improve;
 *                                  acute and subacute shares are fixed in {@link DemoGenerator})
 */
public record DemoParameters(long seed, int patients, int locations, int practitionersPerLocation, LocalDate today,
                             Instant now, double acuteShare, double subacuteShare, double minorAcuteShare,
                             double emotionalResponseShare, double traumaEmotionalShare, double cancellationRate,
                             double noShowRate, double homeworkShare, double openCourseShare,
                             double secondCourseShare, int retentionMinutesMean, double chronicResponseShare) {

    public static final long DEFAULT_SEED = 20261123L;
    /**
     * Enough patients that every location's chronic group shows its responder rate and median sessions to relief
     * (both the responders and the others at least 11, also after complementary suppression), at about 8,000 API
     * calls: about 80 seconds of seeding on a quiet 2-core machine (DemoDashboardFiguresTest, docs/demo-data.md).
     */
    public static final int DEFAULT_PATIENTS = 350;

    public DemoParameters {
        if (patients < 0) {
            throw new IllegalArgumentException("patients must be >= 0");
        }
        if (locations < 1 || locations > DemoNetwork.MAX_LOCATIONS) {
            throw new IllegalArgumentException("locations must be 1.." + DemoNetwork.MAX_LOCATIONS);
        }
        if (practitionersPerLocation < 1 || practitionersPerLocation > 20) {
            throw new IllegalArgumentException("practitionersPerLocation must be 1..20");
        }
        if (acuteShare + subacuteShare > 1.0) {
            throw new IllegalArgumentException("acuteShare + subacuteShare must not exceed 1");
        }
        if (chronicResponseShare < 0 || chronicResponseShare > 1) {
            throw new IllegalArgumentException("chronicResponseShare must be 0..1");
        }
        if (retentionMinutesMean < 5 || retentionMinutesMean > 55) {
            throw new IllegalArgumentException("retentionMinutesMean must be 5..55");
        }
    }

    /** The defaults, with "today" and "now" taken from the UTC clock (the services' clock). */
    public static DemoParameters defaults(long seed, int patients) {
        Instant now = Instant.now().truncatedTo(ChronoUnit.MINUTES);
        return defaults(seed, patients, now);
    }

    /** The defaults at a fixed reference instant: what the determinism tests use. */
    public static DemoParameters defaults(long seed, int patients, Instant now) {
        return new DemoParameters(seed, patients, 3, 3, LocalDate.ofInstant(now, ZoneOffset.UTC), now,
                0.35, 0.20, 0.70, 0.12, 0.60, 0.05, 0.04, 0.85, 0.25, 0.10, 25, 0.50);
    }

    public DemoParameters withPatients(int count) {
        return new DemoParameters(seed, count, locations, practitionersPerLocation, today, now, acuteShare,
                subacuteShare, minorAcuteShare, emotionalResponseShare, traumaEmotionalShare, cancellationRate,
                noShowRate, homeworkShare, openCourseShare, secondCourseShare, retentionMinutesMean,
                chronicResponseShare);
    }
}
