package dev.switchboard.messaging.messages.delivery;

import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.Map;
import java.util.UUID;

import dev.switchboard.messaging.IntegrationSetup;
import dev.switchboard.messaging.messages.delivery.SendAttempts.Pending;
import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.r2dbc.core.DatabaseClient;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Deciding an unknown outcome writes only over the claim that was examined: when another
 * instance released the stale claim and claimed the message again in between, the new,
 * live claim is neither released nor failed (compare-and-set on the call's start).
 */
class UnknownOutcomeClaimsIT extends IntegrationSetup {

	private static final Duration TIMEOUT = Duration.ofSeconds(10);

	@Autowired
	private DatabaseClient db;

	@Autowired
	private SendAttempts attempts;

	@Autowired
	private Delivery delivery;

	@Test
	void aClaimRenewedAfterTheStaleOneWasExaminedIsNeitherReleasedNorFailed() {
		// Instance A examined the claim that started ten minutes ago; instance B has
		// since released it and claimed the message again, its call now under way.
		UUID id = UUID.randomUUID();
		this.db.sql("INSERT INTO messages (id, tenant_id, channel_id, provider, recipient, type, content, status, "
				+ "accepted_at, provider_attempts, provider_call_started_at) VALUES (:id, 'demo', 'demo-gone', "
				+ "'META', '+972500000015', 'template', '{\"name\":\"order_update\"}', 'accepted', now(), 2, now())")
			.bind("id", id)
			.then()
			.block(TIMEOUT);
		Pending live = this.attempts.load("demo", id).block(TIMEOUT);
		Instant renewed = live.callStartedAt();
		Instant stale = renewed.minus(Duration.ofMinutes(10));
		Pending examined = new Pending(live.id(), live.tenantId(), live.channelId(), live.recipient(), live.type(),
				live.content(), live.replyTo(), live.status(), null, null, 1, stale, null, 0,
				SendAttempts.UNKNOWN_OUTCOME, live.createdAt());

		this.delivery.reconcile(examined).block(TIMEOUT);
		assertThat(row(id)).containsEntry("status", "accepted").containsEntry("started", renewed);

		assertThat(this.attempts.releaseExamined("demo", id, stale, "retrying after an unanswered call").block(TIMEOUT))
			.isFalse();
		assertThat(row(id)).containsEntry("started", renewed);

		// The claim examined as it is can be released.
		assertThat(
				this.attempts.releaseExamined("demo", id, renewed, "retrying after an unanswered call").block(TIMEOUT))
			.isTrue();
		assertThat(row(id).get("started")).isNull();
	}

	private Map<String, Object> row(UUID id) {
		return this.db.sql("SELECT status, provider_call_started_at FROM messages WHERE id = :id")
			.bind("id", id)
			.map((found) -> {
				Map<String, Object> values = new HashMap<>();
				values.put("status", found.get("status", String.class));
				values.put("started", found.get("provider_call_started_at", Instant.class));
				return values;
			})
			.one()
			.block(TIMEOUT);
	}

}
