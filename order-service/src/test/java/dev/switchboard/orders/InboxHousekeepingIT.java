package dev.switchboard.orders;

import java.time.Duration;
import java.time.Instant;
import java.util.List;

import dev.switchboard.events.outbox.Housekeeping;
import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.r2dbc.core.DatabaseClient;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Housekeeping against the service's own schema: processed event ids older than the inbox
 * retention (35 days) are deleted, younger ones stay.
 */
class InboxHousekeepingIT extends IntegrationSetup {

	private final String tenant = "housekeeping-" + Long.toString(System.nanoTime(), 36);

	@Autowired
	private DatabaseClient database;

	@Autowired
	private Housekeeping housekeeping;

	@Test
	void purgesInboxIdsPastTheRetentionAndKeepsTheRest() {
		processed("old", Instant.now().minus(Duration.ofDays(36)));
		processed("new", Instant.now().minus(Duration.ofDays(34)));

		this.housekeeping.runOnce().block(PATIENCE);

		assertThat(this.database.sql("SELECT event_id FROM inbox WHERE tenant_id = :tenant")
			.bind("tenant", this.tenant)
			.map((row) -> row.get("event_id", String.class))
			.all()
			.collectList()
			.block(PATIENCE)).isEqualTo(List.of(this.tenant + "-new"));
	}

	private void processed(String name, Instant at) {
		this.database
			.sql("INSERT INTO inbox (consumer_group, event_id, tenant_id, processed_at) "
					+ "VALUES ('housekeeping-it', :id, :tenant, :at)")
			.bind("id", this.tenant + "-" + name)
			.bind("tenant", this.tenant)
			.bind("at", at)
			.then()
			.block(PATIENCE);
	}

}
