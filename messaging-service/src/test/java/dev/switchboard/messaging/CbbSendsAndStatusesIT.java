package dev.switchboard.messaging;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.stream.Collectors;
import java.util.stream.IntStream;

import dev.switchboard.messaging.messages.delivery.Delivery;
import org.junit.jupiter.api.Test;
import reactor.core.publisher.Flux;

import org.springframework.beans.factory.annotation.Autowired;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * CBB sends and the status fold on one recipient at once: the send's record and the fold
 * take their locks in one order (the wamid's, then the message's), so many concurrent
 * sends to one contact, and the statuses CBB's messages produce (matched by recipient),
 * end without a deadlock, each message sent once and final.
 */
class CbbSendsAndStatusesIT extends IntegrationSetup {

	private static final int MESSAGES = 20;

	private static final Duration PATIENCE = Duration.ofSeconds(60);

	/** Longer than PostgreSQL's idle backends take to report their statistics (10 s). */
	private static final Duration STATISTICS_FLUSH = Duration.ofSeconds(11);

	private static final Map<String, Object> TEMPLATE = Map.of("name", "order_update", "language",
			Map.of("code", "en_US"));

	@Autowired
	private Delivery delivery;

	@Test
	void manyConcurrentCbbSendsAndStatusesForOneRecipientNeverDeadlockAndAllEnd() {
		long deadlocksBefore = deadlocks();
		String to = "+972500070001";
		List<String> ids = IntStream.range(0, MESSAGES)
			.mapToObj((i) -> this.api
				.sendJson(Map.of("to", to, "channelId", "demo-cbb", "type", "template", "template", TEMPLATE), null))
			.toList();
		// Besides the send commands (one recipient's in order), every message at once.
		Flux.fromIterable(ids)
			.flatMap((id) -> this.delivery.deliver("demo", UUID.fromString(id)), MESSAGES)
			.then()
			.block(PATIENCE);
		Set<Object> wamids = ids.stream()
			.map((id) -> this.api.awaitMessage(id, (m) -> "read".equals(m.get("status")), PATIENCE))
			.map((message) -> message.get("wamid"))
			.collect(Collectors.toSet());
		assertThat(wamids).hasSize(MESSAGES).doesNotContainNull();
		assertThat(ids).allSatisfy((id) -> assertThat(
				live.cbb().sentContents().stream().filter((content) -> content.body().contains("sb:" + id)).count())
			.as("CBB sends of %s", id)
			.isEqualTo(1));
		await().during(STATISTICS_FLUSH)
			.atMost(STATISTICS_FLUSH.plusSeconds(10))
			.until(this::deadlocks, (deadlocks) -> deadlocks == deadlocksBefore);
	}

	private long deadlocks() {
		return this.database.sql("SELECT deadlocks FROM pg_stat_database WHERE datname = current_database()")
			.map((row) -> row.get("deadlocks", Long.class))
			.one()
			.block(Duration.ofSeconds(10));
	}

}
