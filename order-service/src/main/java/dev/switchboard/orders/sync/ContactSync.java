package dev.switchboard.orders.sync;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import dev.switchboard.orders.order.Order;
import dev.switchboard.orders.tenants.OrderTenantProperties.CbbAccount;
import dev.switchboard.orders.tenants.OrderTenantProperties.CbbField;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

import org.springframework.stereotype.Component;

/**
 * Makes the order's customer a CBB contact carrying the order's fields: created with
 * every mapped field, or, for a returning customer, every mapped field updated so that no
 * field keeps the previous order's value. The contact id is the phone's digits, as CBB
 * uses for WhatsApp contacts.
 */
@Component
class ContactSync {

	private static final int FIELD_CONCURRENCY = 4;

	private final CbbClient cbb;

	ContactSync(CbbClient cbb) {
		this.cbb = cbb;
	}

	/** Syncs the contact; the contact id on success. */
	Mono<String> sync(CbbAccount account, Order order) {
		if (order.customerPhone() == null) {
			return Mono.error(CbbFailure.refused("the order has no phone number"));
		}
		String contactId = order.customerPhone().replaceAll("\\D", "");
		return this.cbb.contact(account, contactId)
			.flatMap((existing) -> update(account, contactId, order).thenReturn(contactId))
			.switchIfEmpty(Mono.defer(() -> this.cbb.create(account, creation(account, order)).thenReturn(contactId)));
	}

	private Mono<Void> update(CbbAccount account, String contactId, Order order) {
		return Flux.fromIterable(account.fields())
			.flatMap((field) -> value(field, order)
				.map((value) -> this.cbb.fieldId(account, field.name(), field.id())
					.flatMap((fieldId) -> this.cbb.setField(account, contactId, fieldId, value)))
				.orElseGet(Mono::empty), FIELD_CONCURRENCY)
			.then();
	}

	static Map<String, Object> creation(CbbAccount account, Order order) {
		Map<String, Object> body = new LinkedHashMap<>();
		body.put("phone", order.customerPhone());
		body.put("email", order.customerEmail());
		String name = (order.customerName() != null) ? order.customerName().strip() : "";
		int space = name.indexOf(' ');
		body.put("first_name", (space > 0) ? name.substring(0, space) : name);
		body.put("last_name", (space > 0) ? name.substring(space + 1).strip() : "");
		List<Map<String, Object>> actions = new ArrayList<>();
		for (CbbField field : account.fields()) {
			value(field, order).ifPresent((value) -> actions
				.add(Map.of("action", "set_field_value", "field_name", field.name(), "value", value)));
		}
		body.put("actions", actions);
		return body;
	}

	private static Optional<String> value(CbbField field, Order order) {
		return CbbAttribute.of(field.value()).valueOf(order);
	}

}
