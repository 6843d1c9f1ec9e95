package dev.switchboard.orders.order;

import java.math.BigDecimal;
import java.time.Instant;
import java.util.Map;
import java.util.UUID;

import dev.switchboard.events.EventJson;
import org.junit.jupiter.api.Test;
import tools.jackson.core.type.TypeReference;

import static org.assertj.core.api.Assertions.assertThat;

/** The state an OrderChanged carries survives the trip through JSON unchanged. */
class OrderSnapshotTest {

	@Test
	void aSnapshotSentAsJsonRebuildsTheSameOrder() {
		Instant at = Instant.parse("2026-01-01T10:00:00.123456Z");
		Order order = new Order(UUID.randomUUID(), "demo", "vizi", "IL250101IN99", "il", OrderStatus.SYNCED,
				"No confirmation: the customer did not opt in", 2, true, "Dana Example", "dana@example.com",
				"+972500000001", false, new BigDecimal("249.50"), "ILS", "india",
				Map.of("validity", "month", "quantity", 2), "972500000001", 1, UUID.randomUUID(), "demo-cbb", at, at,
				at.plusSeconds(3));
		Map<String, Object> travelled = EventJson.mapper()
			.readValue(EventJson.write(order.toSnapshot()), new TypeReference<Map<String, Object>>() {
			});
		assertThat(Order.fromSnapshot(travelled)).isEqualTo(order);
	}

	@Test
	void absentValuesStayAbsent() {
		Instant at = Instant.parse("2026-01-01T10:00:00Z");
		Order rejected = new Order(UUID.randomUUID(), "demo", "vizi", "X1", "unknown", OrderStatus.REJECTED,
				"order.branch is missing", 1, false, null, null, null, false, null, null, null, Map.of(), null, 0, null,
				null, null, at, at);
		Map<String, Object> travelled = EventJson.mapper()
			.readValue(EventJson.write(rejected.toSnapshot()), new TypeReference<Map<String, Object>>() {
			});
		assertThat(Order.fromSnapshot(travelled)).isEqualTo(rejected);
	}

}
