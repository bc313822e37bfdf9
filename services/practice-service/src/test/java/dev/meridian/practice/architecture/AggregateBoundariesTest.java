package dev.meridian.practice.architecture;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;

import com.tngtech.archunit.base.DescribedPredicate;
import com.tngtech.archunit.core.domain.JavaClass;
import com.tngtech.archunit.core.importer.ImportOption;
import com.tngtech.archunit.junit.AnalyzeClasses;
import com.tngtech.archunit.junit.ArchTest;
import com.tngtech.archunit.lang.ArchRule;
import dev.meridian.practice.shared.CommandRefused;
import dev.meridian.practice.shared.InvalidCommandValue;
import java.time.Clock;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.OffsetDateTime;
import java.time.ZonedDateTime;
import org.axonframework.modelling.command.TargetAggregateIdentifier;
import org.axonframework.spring.stereotype.Aggregate;

/**
 * The aggregates decide; they do no I/O. They, and everything they reach (commands, events, value rules,
 * refusals), import no Spring web, no MongoDB driver, no Kafka and no Spring Data, and they read the time only from
 * the injected clock. HTTP resources may live beside an aggregate in its feature package, so the rules follow the
 * aggregates' dependencies rather than the packages.
 */
@AnalyzeClasses(packages = "dev.meridian", importOptions = ImportOption.DoNotIncludeTests.class)
class AggregateBoundariesTest {

    static final String[] INFRASTRUCTURE = {
            "org.springframework.web..", "org.springframework.http..", "jakarta.servlet..",
            "com.mongodb..", "org.bson..", "org.axonframework.extensions.mongo..",
            "org.apache.kafka..", "org.springframework.kafka..",
            "org.springframework.data.."};

    static final DescribedPredicate<JavaClass> COMMANDS = DescribedPredicate.describe("commands",
            c -> c.getFields().stream().anyMatch(f -> f.isAnnotatedWith(TargetAggregateIdentifier.class)));

    static final DescribedPredicate<JavaClass> REFUSALS = DescribedPredicate.describe("refusals",
            c -> c.isAssignableTo(CommandRefused.class) || c.isAssignableTo(InvalidCommandValue.class));

    @ArchTest
    static final ArchRule aggregates_reach_no_web_database_or_messaging_code = noClasses()
            .that().areAnnotatedWith(Aggregate.class)
            .should().transitivelyDependOnClassesThat().resideInAnyPackage(INFRASTRUCTURE)
            .because("aggregates hold the domain rules only; I/O belongs to the adapters around them");

    @ArchTest
    static final ArchRule commands_and_refusals_reach_no_web_database_or_messaging_code = noClasses()
            .that(COMMANDS.or(REFUSALS))
            .should().transitivelyDependOnClassesThat().resideInAnyPackage(INFRASTRUCTURE)
            .because("the HTTP layer and the aggregates share them; they stay plain domain types");

    @ArchTest
    static final ArchRule aggregates_take_the_time_from_the_injected_clock = noClasses()
            .that().areAnnotatedWith(Aggregate.class)
            .should().callMethod(Instant.class, "now")
            .orShould().callMethod(LocalDate.class, "now")
            .orShould().callMethod(LocalDateTime.class, "now")
            .orShould().callMethod(OffsetDateTime.class, "now")
            .orShould().callMethod(ZonedDateTime.class, "now")
            .orShould().callMethod(System.class, "currentTimeMillis")
            .orShould().callMethod(Clock.class, "systemUTC")
            .orShould().callMethod(Clock.class, "systemDefaultZone")
            .because("tests fix \"now\" through the Clock resource, and every occurredAt comes from it");
}
