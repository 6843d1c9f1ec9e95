package dev.switchboard.events.outbox;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;

/**
 * The lifecycle every relay test shares: the table and the publisher once per class, a
 * fresh tenant's outbox with its relay started per test.
 */
abstract class RelayTests {

	protected RelayHarness harness;

	@BeforeAll
	static void infrastructure() {
		RelayHarness.prepare();
	}

	@AfterAll
	static void close() {
		RelayHarness.release();
	}

	@BeforeEach
	void start() {
		this.harness = RelayHarness.start();
	}

	@AfterEach
	void stop() {
		this.harness.close();
	}

}
