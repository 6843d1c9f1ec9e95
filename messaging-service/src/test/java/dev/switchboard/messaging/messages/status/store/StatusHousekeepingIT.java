package dev.switchboard.messaging.messages.status.store;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.stream.Collectors;

import dev.switchboard.events.outbox.Housekeeping;
import dev.switchboard.infra.InboxRows;
import dev.switchboard.infra.SharedInfra;
import dev.switchboard.messaging.IntegrationSetup;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.r2dbc.core.DatabaseClient;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * What the status fold leaves behind, against the service's own schema: housekeeping
 * deletes held statuses and inbox ids past their retention and keeps the rest; the
 * lookups by recipient (CBB correlation) use their indexes on a table of realistic size.
 */
class StatusHousekeepingIT extends IntegrationSetup {

	private static final Duration TIMEOUT = Duration.ofSeconds(60);

	private static final int MESSAGES = 20_000;

	/** The service's schema. */
	private static final String SCHEMA = "messaging";

	private final String tenant = "housekeeping-" + Long.toString(System.nanoTime(), 36);

	@Autowired
	private DatabaseClient db;

	@Autowired
	private Housekeeping housekeeping;

	@AfterEach
	void removeRows() {
		for (String table : List.of("messages", "held_statuses", "inbox")) {
			this.db.sql("DELETE FROM " + table + " WHERE tenant_id = :tenant")
				.bind("tenant", this.tenant)
				.then()
				.block(TIMEOUT);
		}
	}

	@Test
	void purgesHeldStatusesAndInboxIdsPastTheirRetentionAndKeepsTheRest() {
		assertThat(this.housekeeping.purges()).extracting((purge) -> purge.table() + "." + purge.timeColumn())
			.contains("held_statuses.received_at", "inbox.processed_at");
		holdStatus("old", Instant.now().minus(Duration.ofDays(8)));
		holdStatus("new", Instant.now().minus(Duration.ofDays(6)));
		processed("old", Instant.now().minus(Duration.ofDays(36)));
		processed("new", Instant.now().minus(Duration.ofDays(34)));

		this.housekeeping.runOnce().block(TIMEOUT);

		assertThat(ids("SELECT event_id AS id FROM held_statuses")).containsExactly(this.tenant + "-new");
		assertThat(InboxRows.eventIds(SharedInfra.get().postgres(), SCHEMA, this.tenant))
			.containsExactly(this.tenant + "-new");
	}

	@Test
	void lookupsByRecipientUseTheirIndexes() {
		// Most messages have their wamid; one in 200 waits for it, as CBB sends do for
		// seconds.
		this.db.sql("INSERT INTO messages (id, tenant_id, channel_id, recipient, type, body, status, wamid, "
				+ "accepted_at, provider_call_started_at, created_at) SELECT gen_random_uuid(), :tenant, "
				+ "'ch' || (n % 3), '+9725' || lpad((n % 2000)::text, 8, '0'), 'text', 'hi', 'sent', "
				+ "CASE WHEN n % 200 = 0 THEN NULL ELSE :tenant || '.wamid.' || n END, now() - n * interval '1 second', "
				+ "now() - n * interval '1 second', now() - n * interval '1 second' FROM generate_series(1, :rows) AS n")
			.bind("tenant", this.tenant)
			.bind("rows", MESSAGES)
			.then()
			.block(TIMEOUT);
		this.db
			.sql("INSERT INTO held_statuses (event_id, tenant_id, wamid, status, occurred_at, recipient, "
					+ "phone_number_id) SELECT :tenant || '-' || n, :tenant, :tenant || '.held.' || n, 'sent', "
					+ "now() - n * interval '1 second', '9725' || lpad((n % 2000)::text, 8, '0'), '1000' "
					+ "FROM generate_series(1, :rows) AS n")
			.bind("tenant", this.tenant)
			.bind("rows", MESSAGES)
			.then()
			.block(TIMEOUT);
		this.db.sql("ANALYZE messages").then().block(TIMEOUT);
		this.db.sql("ANALYZE held_statuses").then().block(TIMEOUT);
		Instant since = Instant.now().minus(Duration.ofMinutes(5));

		String awaiting = plan(this.db.sql("EXPLAIN " + TrackedMessages.OLDEST_AWAITING_WAMID)
			.bind("tenantId", this.tenant)
			.bind("channels", new String[] { "ch0", "ch1" })
			.bind("recipient", "+972500000200")
			.bind("since", since));
		String held = plan(this.db.sql("EXPLAIN " + HeldStatuses.unclaimedWamidQuery(true))
			.bind("tenantId", this.tenant)
			.bind("number", "1000")
			.bind("recipient", "972500000200")
			.bind("since", since));

		assertThat(awaiting).contains("Index Scan using messages_awaiting_wamid").doesNotContain("Seq Scan");
		assertThat(held).contains("using held_statuses_recipient").doesNotContain("Seq Scan");
	}

	private static String plan(DatabaseClient.GenericExecuteSpec explain) {
		return explain.map((row) -> row.get(0, String.class)).all().collect(Collectors.joining("\n")).block(TIMEOUT);
	}

	private void holdStatus(String name, Instant receivedAt) {
		this.db
			.sql("INSERT INTO held_statuses (event_id, tenant_id, wamid, status, occurred_at, received_at) "
					+ "VALUES (:id, :tenant, :wamid, 'sent', :at, :at)")
			.bind("id", this.tenant + "-" + name)
			.bind("tenant", this.tenant)
			.bind("wamid", "wamid." + this.tenant + "-" + name)
			.bind("at", receivedAt)
			.then()
			.block(TIMEOUT);
	}

	private void processed(String name, Instant at) {
		InboxRows.processed(SharedInfra.get().postgres(), SCHEMA, this.tenant, this.tenant + "-" + name, at);
	}

	private List<String> ids(String select) {
		return this.db.sql(select + " WHERE tenant_id = :tenant")
			.bind("tenant", this.tenant)
			.map((row) -> row.get("id", String.class))
			.all()
			.collectList()
			.block(TIMEOUT);
	}

}
