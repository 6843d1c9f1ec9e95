package dev.switchboard.orders;

import dev.switchboard.architecture.ModuleArchitectureTest;

/** The module rules (see {@link ModuleArchitectureTest}) over this module's classes. */
class ArchitectureTest extends ModuleArchitectureTest {

	ArchitectureTest() {
		super("dev.switchboard.orders");
	}

}
