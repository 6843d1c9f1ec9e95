package dev.switchboard.orders.sync;

import java.util.List;
import java.util.Map;

import dev.switchboard.events.EventJson;
import dev.switchboard.orders.order.Order;
import dev.switchboard.orders.order.TestOrders;
import dev.switchboard.orders.tenants.OrderTenantProperties.CbbAccount;
import dev.switchboard.orders.tenants.OrderTenantProperties.CbbField;
import org.junit.jupiter.api.Test;
import org.mockito.ArgumentCaptor;
import reactor.core.publisher.Mono;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;
import static org.mockito.ArgumentMatchers.any;
import static org.mockito.ArgumentMatchers.anyMap;
import static org.mockito.ArgumentMatchers.anyString;
import static org.mockito.BDDMockito.given;
import static org.mockito.BDDMockito.then;
import static org.mockito.Mockito.mock;
import static org.mockito.Mockito.never;

/**
 * A new customer becomes a contact with every mapped field; a returning one gets every
 * mapped field set again; fields without a value are left alone. CBB is mocked.
 */
class ContactSyncTest {

	private static final CbbAccount ACCOUNT = new CbbAccount("https://cbb.example/api", "token",
			List.of(new CbbField("OrderNumber", null, "order_number"), new CbbField("wa_alerts", "cf_9", "wa_alerts"),
					new CbbField("stay_limit", "cf_10", "stay_limit")));

	private final CbbClient cbb = mock(CbbClient.class);

	private final ContactSync contacts = new ContactSync(this.cbb);

	@Test
	void aNewCustomerIsCreatedWithEveryFieldThatHasAValue() {
		given(this.cbb.contact(ACCOUNT, "972500000001")).willReturn(Mono.empty());
		given(this.cbb.create(any(), anyMap())).willReturn(Mono.just(EventJson.mapper().createObjectNode()));

		assertThat(this.contacts.sync(ACCOUNT, TestOrders.order().build()).block()).isEqualTo("972500000001");

		@SuppressWarnings("unchecked")
		ArgumentCaptor<Map<String, Object>> body = ArgumentCaptor.forClass(Map.class);
		then(this.cbb).should().create(any(), body.capture());
		assertThat(body.getValue()).containsEntry("phone", "+972500000001")
			.containsEntry("email", "dana@example.com")
			.containsEntry("first_name", "Dana")
			.containsEntry("last_name", "Example")
			.containsEntry("actions",
					List.of(Map.of("action", "set_field_value", "field_name", "OrderNumber", "value", "IL250101IN99"),
							Map.of("action", "set_field_value", "field_name", "wa_alerts", "value", "1")));
		then(this.cbb).should(never()).setField(any(), anyString(), anyString(), anyString());
	}

	@Test
	void aReturningCustomerGetsEveryFieldThatHasAValueSetById() {
		given(this.cbb.contact(ACCOUNT, "972500000001"))
			.willReturn(Mono.just(EventJson.mapper().readTree("{\"phone\":\"+972500000001\"}")));
		given(this.cbb.fieldId(ACCOUNT, "OrderNumber", null)).willReturn(Mono.just("cf_1"));
		given(this.cbb.fieldId(ACCOUNT, "wa_alerts", "cf_9")).willReturn(Mono.just("cf_9"));
		given(this.cbb.setField(any(), anyString(), anyString(), anyString())).willReturn(Mono.empty());

		assertThat(this.contacts.sync(ACCOUNT, TestOrders.order().withoutConsent().build()).block())
			.isEqualTo("972500000001");

		then(this.cbb).should().setField(ACCOUNT, "972500000001", "cf_1", "IL250101IN99");
		then(this.cbb).should().setField(ACCOUNT, "972500000001", "cf_9", "0");
		then(this.cbb).should(never()).fieldId(ACCOUNT, "stay_limit", "cf_10");
		then(this.cbb).should(never()).create(any(), anyMap());
	}

	@Test
	void anOrderWithoutAPhoneIsRefusedWithoutACall() {
		CbbFailure failure = catchThrowableOfType(CbbFailure.class,
				() -> this.contacts.sync(ACCOUNT, TestOrders.order().phone(null).build()).block());
		assertThat(failure.isTransient()).isFalse();
		assertThat(failure.getMessage()).isEqualTo("CBB refused the request: the order has no phone number");
		then(this.cbb).shouldHaveNoInteractions();
	}

	@Test
	void aFailedLookUpCreatesNothing() {
		given(this.cbb.contact(ACCOUNT, "972500000001")).willReturn(Mono.error(CbbFailure.unavailable("HTTP 503")));
		assertThat(catchThrowableOfType(CbbFailure.class,
				() -> this.contacts.sync(ACCOUNT, TestOrders.order().build()).block())
			.isTransient()).isTrue();
		then(this.cbb).should(never()).create(any(), anyMap());
	}

	@Test
	void theNameIsSplitAtItsFirstSpace() {
		assertThat(ContactSync.creation(ACCOUNT, named("  Dana  Maria Example "))).containsEntry("first_name", "Dana")
			.containsEntry("last_name", "Maria Example");
		assertThat(ContactSync.creation(ACCOUNT, named("Cher"))).containsEntry("first_name", "Cher")
			.containsEntry("last_name", "");
		assertThat(ContactSync.creation(ACCOUNT, named(null))).containsEntry("first_name", "")
			.containsEntry("last_name", "");
	}

	private static Order named(String name) {
		return TestOrders.order().name(name).build();
	}

}
