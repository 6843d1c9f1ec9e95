package dev.switchboard.templates.rules;

import dev.switchboard.architecture.ArchitectureRules;
import dev.switchboard.architecture.ModuleArchitectureTest;
import org.junit.jupiter.api.Test;

/** The module rules (see {@link ModuleArchitectureTest}) over this module's classes. */
class ArchitectureTest extends ModuleArchitectureTest {

	ArchitectureTest() {
		super("dev.switchboard.templates.rules");
	}

	@Test
	void dependsOnNoFrameworkOrInfrastructure() {
		ArchitectureRules.contractFreeOfInfrastructure().check(classes());
	}

}
