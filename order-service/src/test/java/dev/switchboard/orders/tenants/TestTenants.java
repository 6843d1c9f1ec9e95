package dev.switchboard.orders.tenants;

import java.util.List;
import java.util.Map;

import dev.switchboard.orders.tenants.OrderTenantProperties.CbbAccount;
import dev.switchboard.orders.tenants.OrderTenantProperties.CbbField;
import dev.switchboard.orders.tenants.OrderTenantProperties.TenantOrders;

/**
 * Tenant settings for unit tests, shaped like the local profile's {@code demo}:
 * {@code il} syncs to CBB and confirms through {@code demo-cbb}, other branches through
 * {@code demo-meta}.
 */
public final class TestTenants {

	/** The CBB account of {@code demo}: two mapped fields, one with a configured id. */
	public static final CbbAccount CBB = new CbbAccount("https://cbb.example/api", "token",
			List.of(new CbbField("OrderNumber", null, "order_number"), new CbbField("wa_alerts", "cf_9", "wa_alerts")));

	private TestTenants() {
	}

	/** Only {@code demo}, with its CBB account. */
	public static OrderTenantProperties demo() {
		return new OrderTenantProperties(List.of(demo(CBB)));
	}

	/** Only {@code demo}, with the CBB account given (none when null). */
	public static OrderTenantProperties demoWith(CbbAccount cbb) {
		return new OrderTenantProperties(List.of(demo(cbb)));
	}

	/** {@code demo} without any confirmation channel. */
	public static OrderTenantProperties demoWithoutChannels() {
		return new OrderTenantProperties(
				List.of(new TenantOrders("demo", null, null, null, List.of("il"), null, Map.of(), Map.of(), CBB)));
	}

	private static TenantOrders demo(CbbAccount cbb) {
		return new TenantOrders("demo", "order_confirmation_global", "en", Map.of("il", "he", "ro", "ro"),
				List.of("il"), "demo-meta", Map.of("il", "demo-cbb"), Map.of("demo-meta", "100000000000001"), cbb);
	}

}
