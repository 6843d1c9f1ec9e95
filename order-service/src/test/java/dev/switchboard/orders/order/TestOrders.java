package dev.switchboard.orders.order;

import java.math.BigDecimal;
import java.time.Instant;
import java.util.HashMap;
import java.util.Map;
import java.util.UUID;

/**
 * Orders for unit tests: by default Dana's valid {@code il} order of the tenant
 * {@code demo}, with consent to WhatsApp alerts; each {@code with} method changes one
 * thing.
 */
public final class TestOrders {

	private static final Instant RECEIVED_AT = Instant.parse("2026-01-01T10:00:00Z");

	private UUID id = UUID.fromString("00000000-0000-3000-8000-000000000001");

	private String branch = "il";

	private OrderStatus status = OrderStatus.RECEIVED;

	private boolean urgent;

	private String phone = "+972500000001";

	private String name = "Dana Example";

	private boolean whatsappAlerts = true;

	private String currency = "ILS";

	private final Map<String, Object> details = new HashMap<>(
			Map.of("docType", "evisa", "intent", "tourism", "entries", "single", "validity", "month"));

	private int confirmationAttempt;

	private Instant receivedAt = RECEIVED_AT;

	public static TestOrders order() {
		return new TestOrders();
	}

	/** The default order in a status. */
	public static Order inStatus(OrderStatus status) {
		return order().status(status).build();
	}

	public TestOrders id(UUID id) {
		this.id = id;
		return this;
	}

	public TestOrders branch(String branch) {
		this.branch = branch;
		return this;
	}

	public TestOrders status(OrderStatus status) {
		this.status = status;
		return this;
	}

	public TestOrders urgent() {
		this.urgent = true;
		return this;
	}

	public TestOrders phone(String phone) {
		this.phone = phone;
		return this;
	}

	public TestOrders name(String name) {
		this.name = name;
		return this;
	}

	public TestOrders currency(String currency) {
		this.currency = currency;
		return this;
	}

	/** Sets a detail; null removes it. */
	public TestOrders detail(String name, Object value) {
		if (value == null) {
			this.details.remove(name);
		}
		else {
			this.details.put(name, value);
		}
		return this;
	}

	public TestOrders withoutConsent() {
		this.whatsappAlerts = false;
		return this;
	}

	public TestOrders confirmationAttempt(int attempt) {
		this.confirmationAttempt = attempt;
		return this;
	}

	public TestOrders receivedAt(Instant receivedAt) {
		this.receivedAt = receivedAt;
		return this;
	}

	public Order build() {
		return new Order(this.id, "demo", "vizi", "IL250101IN99", this.branch, this.status, null, 1, this.urgent,
				this.name, "dana@example.com", this.phone, this.whatsappAlerts, new BigDecimal("249.00"), this.currency,
				"india", this.details, null, this.confirmationAttempt, null, null, null, this.receivedAt,
				this.receivedAt);
	}

}
