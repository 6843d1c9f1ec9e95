package dev.switchboard.orders;

import java.time.Duration;
import java.time.Instant;
import java.util.List;

import dev.switchboard.events.outbox.Housekeeping;
import dev.switchboard.infra.InboxRows;
import dev.switchboard.infra.SharedInfra;
import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Housekeeping against the service's own schema: processed event ids older than the inbox
 * retention (35 days) are deleted, younger ones stay.
 */
class InboxHousekeepingIT extends IntegrationSetup {

	/** The service's schema. */
	private static final String SCHEMA = "orders";

	private final String tenant = "housekeeping-" + Long.toString(System.nanoTime(), 36);

	@Autowired
	private Housekeeping housekeeping;

	@Test
	void purgesInboxIdsPastTheRetentionAndKeepsTheRest() {
		processed("old", Instant.now().minus(Duration.ofDays(36)));
		processed("new", Instant.now().minus(Duration.ofDays(34)));

		this.housekeeping.runOnce().block(PATIENCE);

		assertThat(InboxRows.eventIds(SharedInfra.get().postgres(), SCHEMA, this.tenant))
			.isEqualTo(List.of(this.tenant + "-new"));
	}

	private void processed(String name, Instant at) {
		InboxRows.processed(SharedInfra.get().postgres(), SCHEMA, this.tenant, this.tenant + "-" + name, at);
	}

}
