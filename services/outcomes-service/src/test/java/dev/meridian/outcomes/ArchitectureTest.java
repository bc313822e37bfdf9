package dev.meridian.outcomes;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;

import com.tngtech.archunit.core.importer.ImportOption;
import com.tngtech.archunit.junit.AnalyzeClasses;
import com.tngtech.archunit.junit.ArchTest;
import com.tngtech.archunit.lang.ArchRule;

/**
 * outcomes-service's edges: it knows practice-service only through the published contract (clinic-events) and
 * practice-service's HTTP API, never its code; it has no Axon; the projection's pure part knows no Kafka or web.
 */
@AnalyzeClasses(packages = "dev.meridian.outcomes", importOptions = ImportOption.DoNotIncludeTests.class)
class ArchitectureTest {

    @ArchTest
    static final ArchRule neverImportsPracticeService = noClasses().that().resideInAPackage("dev.meridian.outcomes..")
            .should().dependOnClassesThat().resideInAPackage("dev.meridian.practice..");

    @ArchTest
    static final ArchRule noAxon = noClasses().that().resideInAPackage("dev.meridian.outcomes..")
            .should().dependOnClassesThat().resideInAPackage("org.axonframework..");

    @ArchTest
    static final ArchRule projectionKnowsNoKafkaNorWeb = noClasses().that()
            .resideInAPackage("dev.meridian.outcomes.projection..")
            .should().dependOnClassesThat().resideInAnyPackage("org.apache.kafka..", "org.springframework.web..",
                    "dev.meridian.outcomes.ingest..", "dev.meridian.outcomes.gaps..");
}
