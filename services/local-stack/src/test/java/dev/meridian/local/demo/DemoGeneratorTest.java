package dev.meridian.local.demo;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.meridian.local.demo.ApiCall.Kind;
import dev.meridian.local.demo.PatientScript.PlannedCourse;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.function.Predicate;
import org.junit.jupiter.api.Test;

@SuppressWarnings("unchecked")
class DemoGeneratorTest {

    private static final Instant NOW = Instant.parse("2026-11-23T10:00:00Z");
    private static final ObjectMapper JSON = new ObjectMapper();

    private static DemoPlan plan(long seed, int patients) {
        return new DemoGenerator(DemoParameters.defaults(seed, patients, NOW)).plan();
    }

    private static String json(DemoPlan plan) throws Exception {
        return JSON.writeValueAsString(plan.scripts());
    }

    @Test
    void the_same_seed_gives_the_same_plan_call_for_call() throws Exception {
        assertThat(json(plan(42, 300))).isEqualTo(json(plan(42, 300)));
    }

    @Test
    void another_seed_gives_another_plan() throws Exception {
        assertThat(json(plan(42, 50))).isNotEqualTo(json(plan(43, 50)));
    }

    @Test
    void a_smaller_plan_is_a_prefix_of_a_larger_one_so_the_benchmark_can_draw_scripts_without_end() {
        DemoPlan small = plan(7, 20);
        DemoPlan large = plan(7, 60);
        assertThat(large.scripts().subList(0, 20)).isEqualTo(small.scripts());
        assertThat(new DemoGenerator(DemoParameters.defaults(7, 0, NOW)).script(19)).isEqualTo(small.scripts().get(19));
    }

    @Test
    void the_network_has_several_locations_each_with_practitioners_and_courses() {
        DemoPlan plan = plan(1, 300);
        assertThat(plan.network().locations()).hasSize(3)
                .allSatisfy(l -> assertThat(l.practitionerIds()).hasSize(3));
        assertThat(plan.courses()).extracting(PlannedCourse::locationId).containsAll(
                plan.network().locations().stream().map(DemoNetwork.Location::id).toList());
    }

    @Test
    void courses_mix_acute_subacute_and_chronic_and_most_are_closed_with_an_outcome() {
        List<PlannedCourse> courses = plan(1, 400).courses();
        assertThat(share(courses, c -> c.chronicity().equals("ACUTE"))).isBetween(0.30, 0.50);
        assertThat(share(courses, c -> c.chronicity().equals("SUBACUTE"))).isBetween(0.12, 0.28);
        assertThat(share(courses, c -> c.chronicity().equals("CHRONIC"))).isBetween(0.30, 0.50);
        assertThat(share(courses, PlannedCourse::closed)).isBetween(0.80, 0.97);
        assertThat(courses).extracting(PlannedCourse::outcome)
                .contains("RESOLVED", "IMPROVED", "UNCHANGED", "DISCONTINUED");
    }

    @Test
    void minor_acute_cases_often_resolve_in_one_session_and_chronic_ones_take_several() {
        List<PlannedCourse> courses = plan(1, 400).courses();
        List<PlannedCourse> acute = courses.stream().filter(c -> c.chronicity().equals("ACUTE")).toList();
        List<PlannedCourse> chronic = courses.stream().filter(c -> c.chronicity().equals("CHRONIC")).toList();
        assertThat(share(acute, c -> "RESOLVED".equals(c.outcome()) && c.completedSessions() == 1)).isGreaterThan(0.3);
        assertThat(chronic.stream().mapToInt(PlannedCourse::completedSessions).average().orElseThrow())
                .isGreaterThan(3.0);
    }

    @Test
    void emotional_responses_appear_in_a_minority_of_courses_and_mostly_after_trauma() {
        List<PlannedCourse> courses = plan(1, 400).courses();
        assertThat(share(courses, PlannedCourse::emotionalResponse)).isBetween(0.05, 0.35);
        List<PlannedCourse> trauma = courses.stream().filter(c -> c.trigger().equals("TRAUMA")).toList();
        assertThat(trauma).isNotEmpty();
        assertThat(share(trauma, PlannedCourse::emotionalResponse))
                .isGreaterThan(share(courses, PlannedCourse::emotionalResponse));
        assertThat(calls(plan(1, 400), Kind.NOTE_EMOTIONAL_RESPONSE))
                .extracting(c -> c.body().get("traumaRelated")).contains("YES", "NO");
    }

    @Test
    void the_psoas_is_released_without_retention_and_other_muscles_keep_their_needles_about_25_minutes() {
        List<ApiCall> retained = calls(plan(1, 300), Kind.RETAIN_NEEDLES);
        assertThat(retained).isNotEmpty().allSatisfy(c -> {
            assertThat((List<Object>) c.body().get("muscles")).isNotEmpty().doesNotContain("PSOAS");
            assertThat((Integer) c.body().get("retentionMinutes")).isBetween(15, 35);
        });
        double mean = retained.stream().mapToInt(c -> (Integer) c.body().get("retentionMinutes")).average()
                .orElseThrow();
        assertThat(mean).isBetween(24.0, 26.0);
        assertThat(calls(plan(1, 300), Kind.RELEASE_PSOAS)).hasSize(retained.size());
    }

    @Test
    void every_session_follows_the_clinical_story_in_order_or_is_cancelled() {
        DemoPlan plan = plan(3, 200);
        for (PatientScript script : plan.scripts()) {
            List<Kind> kinds = script.calls().stream().map(ApiCall::kind).toList();
            assertThat(kinds.get(0)).isEqualTo(Kind.REGISTER_PATIENT);
            assertThat(kinds.get(1)).isEqualTo(Kind.OPEN_COURSE);
            for (int i = 0; i < kinds.size(); i++) {
                if (kinds.get(i) == Kind.START_SESSION) {
                    List<Kind> rest = kinds.subList(i, kinds.indexOf(Kind.COMPLETE_SESSION) < 0 ? i
                            : nextIndex(kinds, Kind.COMPLETE_SESSION, i) + 1);
                    assertThat(rest).startsWith(Kind.START_SESSION).endsWith(Kind.COMPLETE_SESSION)
                            .contains(Kind.RELEASE_PSOAS, Kind.RETAIN_NEEDLES);
                    assertThat(rest.indexOf(Kind.RELEASE_PSOAS)).isLessThan(rest.indexOf(Kind.RETAIN_NEEDLES));
                }
            }
        }
        assertThat(calls(plan, Kind.CANCEL_SESSION)).extracting(c -> c.body().get("reason"))
                .contains("CANCELLED", "NO_SHOW");
        assertThat(calls(plan, Kind.ASSIGN_HOMEWORK)).isNotEmpty()
                .allSatisfy(c -> assertThat((List<Object>) c.body().get("exercises")).contains("PSOAS_STRETCH"));
    }

    @Test
    void values_stay_inside_the_api_ranges_and_dates_are_not_in_the_future() {
        DemoPlan plan = plan(5, 300);
        String today = plan.parameters().today().toString();
        for (PatientScript script : plan.scripts()) {
            for (ApiCall call : script.calls()) {
                Map<String, Object> b = call.body();
                for (String pain : List.of("baselinePain", "preTreatmentPain", "postTreatmentPain", "closingPain",
                        "pain")) {
                    if (b.containsKey(pain)) {
                        assertThat((Integer) b.get(pain)).as(pain).isBetween(0, 10);
                    }
                }
                if (b.containsKey("needleCount")) {
                    assertThat((Integer) b.get("needleCount")).isBetween(1, 40);
                }
                for (String date : List.of("onsetDate", "birthDate", "measuredOn")) {
                    if (b.containsKey(date)) {
                        assertThat((String) b.get(date)).as(date).isLessThanOrEqualTo(today);
                    }
                }
            }
        }
    }

    @Test
    void generated_names_are_invented_and_contacts_use_reserved_ranges() {
        List<ApiCall> registrations = calls(plan(9, 100), Kind.REGISTER_PATIENT);
        assertThat(registrations).allSatisfy(c -> {
            assertThat((String) c.body().get("givenName")).matches("[A-Z][a-z]{3,}");
            if (c.body().containsKey("email")) {
                assertThat((String) c.body().get("email")).endsWith("@example.org");
            }
            if (c.body().containsKey("phone")) {
                assertThat((String) c.body().get("phone")).startsWith("+1-202-555-01");
            }
        });
    }

    private static int nextIndex(List<Kind> kinds, Kind kind, int from) {
        for (int i = from; i < kinds.size(); i++) {
            if (kinds.get(i) == kind) {
                return i;
            }
        }
        throw new AssertionError("No " + kind + " after " + from + " in " + kinds);
    }

    private static List<ApiCall> calls(DemoPlan plan, Kind kind) {
        return plan.scripts().stream().flatMap(s -> s.calls().stream()).filter(c -> c.kind() == kind).toList();
    }

    private static <T> double share(List<T> items, Predicate<T> predicate) {
        return items.stream().filter(predicate).count() / (double) items.size();
    }
}
