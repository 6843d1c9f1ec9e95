package dev.switchboard.architecture;

import java.nio.file.Path;
import java.util.Arrays;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.lang.ArchRule;

import static com.tngtech.archunit.base.DescribedPredicate.not;
import static com.tngtech.archunit.core.domain.JavaClass.Predicates.resideInAnyPackage;
import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static com.tngtech.archunit.library.dependencies.SlicesRuleDefinition.slices;

/**
 * The rules that keep the modules apart. Services talk through Kafka topics and HTTP,
 * never through each other's classes; the event contract is plain Java every service can
 * read; the embedded infrastructure and the provider simulators exist for tests and the
 * local stack only.
 */
public final class ArchitectureRules {

	/** The root package of every service. */
	static final String[] SERVICES = { "dev.switchboard.gateway", "dev.switchboard.ingest", "dev.switchboard.messaging",
			"dev.switchboard.orders", "dev.switchboard.templates", "dev.switchboard.workflows" };

	/**
	 * Shared plain-Java libraries that live below a service's root package and every
	 * service may use (the template rules: template-service renders with them, messaging
	 * validates sends with them).
	 */
	static final String[] SHARED_LIBRARIES = { "dev.switchboard.templates.rules.." };

	private ArchitectureRules() {
	}

	/**
	 * The production classes of the module under test: its own output folder (tests run
	 * in the module's folder), so neither tests nor classes of other modules; reading
	 * that folder alone takes a fraction of a second where scanning the class path takes
	 * many.
	 */
	public static JavaClasses productionClasses() {
		JavaClasses classes = new ClassFileImporter().importPath(Path.of("target", "classes"));
		if (classes.isEmpty()) {
			throw new IllegalStateException("No classes in target/classes: run the tests from the module's folder");
		}
		return classes;
	}

	/** No class uses a service other than the one it belongs to. */
	public static ArchRule noOtherService(String rootPackage) {
		String[] others = Arrays.stream(SERVICES)
			.filter((service) -> !rootPackage.equals(service) && !rootPackage.startsWith(service + "."))
			.map((service) -> service + "..")
			.toArray(String[]::new);
		return noClasses().should()
			.dependOnClassesThat(resideInAnyPackage(others).and(not(resideInAnyPackage(SHARED_LIBRARIES))))
			.because("services talk through topics and HTTP, never through each other's classes");
	}

	/**
	 * Production code never uses the embedded infrastructure or the provider simulators.
	 */
	public static ArchRule noTestInfrastructure() {
		return noClasses().should()
			.dependOnClassesThat()
			.resideInAnyPackage("dev.switchboard.infra..", "dev.switchboard.simulators..")
			.because("the embedded infrastructure and the simulators exist for tests and the local stack only");
	}

	/**
	 * No two packages below {@code rootPackage} use each other, directly or round about.
	 */
	public static ArchRule noPackageCycles(String rootPackage) {
		return slices().matching(rootPackage + ".(**)").should().beFreeOfCycles().allowEmptyShould(true);
	}

	/**
	 * The event contract depends on no framework and no infrastructure client: records,
	 * schemas and JSON only.
	 */
	public static ArchRule contractFreeOfInfrastructure() {
		return noClasses().should()
			.dependOnClassesThat()
			.resideInAnyPackage("org.springframework..", "org.apache.kafka..", "reactor.kafka..", "io.lettuce..",
					"io.r2dbc..", "io.cloudevents..", "reactor.core..")
			.because("the contract is read by every service and replayed for years; it holds data, not plumbing");
	}

}
