package dev.meridian.outcomes.query;

import dev.meridian.outcomes.projection.ReadModelStore;
import dev.meridian.security.Role;
import dev.meridian.security.testing.TestIssuer;
import java.util.ArrayList;
import org.bson.Document;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import org.springframework.test.context.TestPropertySource;

/**
 * One Spring context for the analyst API's HTTP tests and the browser test (same properties, so it is cached): the
 * real service on a random port, its read models in a fresh database of their own on the embedded MongoDB (or
 * {@code MONGODB_URI}), seeded once with {@link DemoNetwork}. No Kafka: the consumer is off, the read models are
 * written as the projection would have written them. It trusts the test issuer ({@link TestIssuer}, keys fetched over
 * HTTP as from a real identity provider); requests carry an analyst's token.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
@TestPropertySource(properties = {
        "meridian.outcomes.consumer.enabled=false",
        "meridian.embedded.kafka=false",
        "meridian.outcomes.gaps.sweep-interval=PT1H"})
abstract class AnalystApiTestSupport {

    static final ReadModelFixtures.Projected DEMO = DemoNetwork.build();
    /** Fresh for this test JVM: runs against an external MongoDB (or side by side) do not share read models. */
    static final String DATABASE = "analyst_api_" + Long.toString(System.currentTimeMillis(), 36);
    private static boolean seeded;

    @DynamicPropertySource
    static void trustTheTestIssuerInAFreshDatabase(DynamicPropertyRegistry registry) {
        TestIssuer.shared().properties().forEach((name, value) -> registry.add(name, () -> value));
        registry.add("spring.data.mongodb.database", () -> DATABASE);
    }

    @LocalServerPort
    int port;

    @Autowired
    ReadModelStore liveReadModels;

    @org.junit.jupiter.api.BeforeEach
    void seed() {
        synchronized (AnalystApiTestSupport.class) {
            if (seeded) {
                return;
            }
            var courses = liveReadModels.collection(ReadModelStore.COURSE_OUTCOMES);
            var cells = liveReadModels.collection(ReadModelStore.DASHBOARD_CELLS);
            // Empty rather than drop: the embedded server logs an error for dropping a collection it never had.
            courses.deleteMany(new Document());
            cells.deleteMany(new Document());
            liveReadModels.collection(ReadModelStore.CELL_COURSES).deleteMany(new Document());
            courses.insertMany(new ArrayList<Document>(DEMO.courses()));
            cells.insertMany(new ArrayList<Document>(DEMO.cells()));
            // The course list's index, as the live projection builds it for read models written without it.
            liveReadModels.buildCellCoursesIfMissing();
            liveReadModels.cellsChanged(); // as the projection does after writing cells: readers reload them
            seeded = true;
        }
    }

    /** What the analysts' requests carry. */
    static String analystToken() {
        return TestIssuer.shared().token(Role.ANALYST);
    }

    String url(String pathAndQuery) {
        return "http://localhost:" + port + pathAndQuery;
    }
}
