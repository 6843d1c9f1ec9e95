package dev.switchboard.architecture;

import com.tngtech.archunit.core.domain.JavaClasses;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.TestInstance.Lifecycle;

/**
 * The rules every module checks, as tests: a module's {@code ArchitectureTest} extends
 * this with its root package. One instance per class: the classes are read once.
 */
@TestInstance(Lifecycle.PER_CLASS)
public abstract class ModuleArchitectureTest {

	private final String rootPackage;

	private final JavaClasses classes;

	protected ModuleArchitectureTest(String rootPackage) {
		this.rootPackage = rootPackage;
		this.classes = ArchitectureRules.productionClasses();
	}

	protected JavaClasses classes() {
		return this.classes;
	}

	@Test
	void usesNoOtherService() {
		ArchitectureRules.noOtherService(this.rootPackage).check(this.classes);
	}

	@Test
	void usesNoTestInfrastructure() {
		ArchitectureRules.noTestInfrastructure().check(this.classes);
	}

	@Test
	void hasNoPackageCycles() {
		ArchitectureRules.noPackageCycles(this.rootPackage).check(this.classes);
	}

}
