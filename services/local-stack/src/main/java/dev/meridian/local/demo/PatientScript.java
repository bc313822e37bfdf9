package dev.meridian.local.demo;

import java.util.List;

/**
 * Everything one demo patient goes through, in order: registration, one or more treatment courses, their
 * sessions, homework, follow-up measures and closing. The calls of a script depend on each other (later paths use
 * ids returned by earlier calls) and run one after the other; different scripts are independent.
 *
 * @param index   the patient's number in the network (0-based); the script is a pure function of seed and index
 * @param courses what the generator decided for each course, for tests and summaries
 * @param calls   the requests, in order
 */
public record PatientScript(int index, List<PlannedCourse> courses, List<ApiCall> calls) {

    public PatientScript {
        courses = List.copyOf(courses);
        calls = List.copyOf(calls);
    }

    /**
     * The generator's view of one course: enough to check the clinical mix without replaying the calls.
     *
     * @param symbol            the placeholder symbol bound to the course id
     * @param locationId        where it is treated
     * @param practitionerId    who treats it
     * @param chronicity        ACUTE / SUBACUTE / CHRONIC, as the server will compute it from the onset date
     * @param trigger           what set it off
     * @param baselinePain      NRS 0-10 at opening
     * @param completedSessions sessions completed
     * @param cancelledSessions sessions cancelled (CANCELLED or NO_SHOW)
     * @param emotionalResponse whether any session noted an emotional response
     * @param outcome           closing outcome, or {@code null} while the course stays open
     * @param closingPain       NRS at closing, or {@code null}
     */
    public record PlannedCourse(String symbol, String locationId, String practitionerId, String chronicity,
                                String trigger, int baselinePain, int completedSessions, int cancelledSessions,
                                boolean emotionalResponse, String outcome, Integer closingPain) {

        public boolean closed() {
            return outcome != null;
        }
    }
}
