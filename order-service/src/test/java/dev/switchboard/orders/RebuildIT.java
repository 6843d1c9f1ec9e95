package dev.switchboard.orders;

import java.util.List;
import java.util.Map;

import dev.switchboard.events.Topic;
import dev.switchboard.events.kafka.EventConsumer;
import dev.switchboard.events.kafka.EventSubscription;
import dev.switchboard.events.kafka.KafkaSettings;
import dev.switchboard.events.orders.OrderChanged;
import dev.switchboard.infra.SharedInfra;
import dev.switchboard.orders.projection.OrderProjector;
import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.r2dbc.core.DatabaseClient;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Dropping the read tables and replaying orders.events.v1 from the beginning restores
 * them exactly, without a CBB call or a send.
 */
class RebuildIT extends IntegrationSetup {

	/** Every column, JSON as text (comparable). */
	private static final String ORDERS = "SELECT id, tenant_id, source, external_order_id, branch, status, reason, "
			+ "sequence, urgent, customer_name, customer_email, customer_phone, whatsapp_alerts, amount, currency, "
			+ "country, details::text AS details, cbb_contact_id, confirmation_attempt, confirmation_message_id, "
			+ "confirmation_channel_id, confirmation_requested_at, received_at, updated_at FROM orders ORDER BY id";

	@Autowired
	private DatabaseClient database;

	@Autowired
	private OrderProjector projector;

	@Test
	void replayingOrderEventsRestoresTheReadTablesExactlyWithoutSideEffects() {
		receive("demo", viziOrder("IL250301RB1", "il", "+972", "0500000301", "ils", true));
		receive("demo", viziOrder("RO250301RB2", "ro", "+40", "0721000302", "ron", true));
		await().atMost(PATIENCE).until(() -> commandsFor("+972500000301").size() == 1);
		await().atMost(PATIENCE).until(() -> commandsFor("+40721000302").size() == 1);
		status(commandsFor("+972500000301").get(0).data().messageId(), "demo-cbb", "sent");
		this.api.awaitStatus("demo", orderId("demo", "IL250301RB1"), "confirmed");
		// Let every change of this and earlier tests reach Kafka before the tables go.
		await().atMost(PATIENCE)
			.until(() -> count("SELECT count(*) AS n FROM outbox WHERE published_at IS NULL") == 0
					&& count("SELECT count(*) AS n FROM order_tasks WHERE kind = 'sync'") == 0);
		List<Map<String, Object>> orders = rows(ORDERS);
		List<Map<String, Object>> history = rows("SELECT * FROM order_events ORDER BY order_id, sequence");
		int sends = commands.size();
		int contacts = simulators.cbb().contacts().size();
		int contents = simulators.cbb().sentContents().size();

		this.database.sql("TRUNCATE orders, order_events").then().block(PATIENCE);
		assertThat(count("SELECT count(*) AS n FROM orders")).isZero();
		KafkaSettings kafka = new KafkaSettings(SharedInfra.get().kafka().bootstrapServers(), "orders-rebuild");
		EventSubscription replay = EventConsumer
			.builder(kafka, Topic.ORDERS_EVENTS, "orders-rebuild-" + System.nanoTime(), OrderChanged.class)
			.handler(this.projector)
			.start();
		try {
			await().atMost(PATIENCE)
				.until(() -> count("SELECT count(*) AS n FROM order_events") == history.size()
						&& rows(ORDERS).equals(orders));
		}
		finally {
			replay.close();
		}
		assertThat(rows(ORDERS)).isEqualTo(orders);
		assertThat(rows("SELECT * FROM order_events ORDER BY order_id, sequence")).isEqualTo(history);
		assertThat(commands).hasSize(sends);
		assertThat(simulators.cbb().contacts()).hasSize(contacts);
		assertThat(simulators.cbb().sentContents()).hasSize(contents);
	}

	private long count(String sql) {
		return this.database.sql(sql).map((row) -> row.get("n", Long.class)).one().block(PATIENCE);
	}

	private List<Map<String, Object>> rows(String sql) {
		return this.database.sql(sql).fetch().all().collectList().block(PATIENCE);
	}

}
