package dev.switchboard.orders.intake;

import java.math.BigDecimal;
import java.time.Instant;
import java.util.HashMap;
import java.util.Map;

import dev.switchboard.events.orders.OrderReceived;
import dev.switchboard.orders.order.Order;
import dev.switchboard.orders.order.OrderStatus;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class ViziOrdersTest {

	private static final Instant NOW = Instant.parse("2026-01-01T10:00:00Z");

	@Test
	void aValidOrderIsReceivedWithDecimalAmountCurrencyAndE164Phone() {
		Order order = ViziOrders.parse("demo", received(body("il", 249, "ils", "0500000001", "dana@example.com")), NOW);
		assertThat(order.status()).isEqualTo(OrderStatus.RECEIVED);
		assertThat(order.amount()).isEqualByComparingTo(new BigDecimal("249.00"));
		assertThat(order.currency()).isEqualTo("ILS");
		assertThat(order.customerPhone()).isEqualTo("+972500000001");
		assertThat(order.branch()).isEqualTo("il");
		assertThat(order.urgent()).isFalse();
		assertThat(order.whatsappAlerts()).isTrue();
		assertThat(order.details()).containsEntry("validity", "month").containsEntry("quantity", 1);
	}

	@Test
	void invalidDataIsRejectedWithEveryReasonNotDefaulted() {
		Order order = ViziOrders.parse("demo", received(body("xx", -5, "zzz", "12", "not-an-email")), NOW);
		assertThat(order.status()).isEqualTo(OrderStatus.REJECTED);
		assertThat(order.reason()).contains("order.branch")
			.contains("form.client.email")
			.contains("form.client.phone")
			.contains("order.amount")
			.contains("order.currency");
		assertThat(order.customerPhone()).isNull();
	}

	@Test
	void theSameSourceOrderAlwaysGetsTheSameId() {
		assertThat(ViziOrders.orderId("demo", "vizi", "IL1")).isEqualTo(ViziOrders.orderId("demo", "vizi", "IL1"))
			.isNotEqualTo(ViziOrders.orderId("acme", "vizi", "IL1"));
	}

	private static OrderReceived received(Map<String, Object> body) {
		@SuppressWarnings("unchecked")
		Map<String, Object> order = (Map<String, Object>) body.get("order");
		return new OrderReceived("vizi", (String) order.get("id"), (String) order.get("branch"), NOW, "msg_1", body);
	}

	private static Map<String, Object> body(String branch, Object amount, String currency, String phone, String email) {
		Map<String, Object> order = new HashMap<>();
		order.put("id", "IL250101IN99");
		order.put("branch", branch);
		order.put("amount", amount);
		order.put("currency", currency);
		order.put("status", "active");
		Map<String, Object> client = Map.of("name", "Dana Example", "email", email, "phone",
				Map.of("code", "+972", "number", phone), "whatsappAlertsEnabled", true);
		Map<String, Object> product = Map.of("docType", "evisa", "intent", "tourism", "entries", "single", "validity",
				"month", "wait", 3);
		Map<String, Object> form = Map.of("country", "india", "quantity", 1, "urgency", "none", "client", client,
				"product", product);
		return Map.of("order", order, "form", form);
	}

}
