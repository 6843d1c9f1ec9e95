package dev.switchboard.orders.sync;

import java.time.Instant;

import dev.switchboard.orders.order.Order;
import dev.switchboard.orders.order.TestOrders;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

/** The order attributes as CBB stores them in a contact's fields. */
class CbbAttributeTest {

	@Test
	void aMappingNamesItsAttributeInAnyCaseAndSpacing() {
		assertThat(CbbAttribute.of(" Order_Number ")).isEqualTo(CbbAttribute.ORDER_NUMBER);
		assertThat(CbbAttribute.of("wa_alerts")).isEqualTo(CbbAttribute.WA_ALERTS);
		assertThatIllegalArgumentException().isThrownBy(() -> CbbAttribute.of("order_numbr"));
	}

	@Test
	void booleansAreOneOrZero() {
		assertThat(CbbAttribute.WA_ALERTS.valueOf(TestOrders.order().build())).hasValue("1");
		assertThat(CbbAttribute.WA_ALERTS.valueOf(TestOrders.order().withoutConsent().build())).hasValue("0");
		assertThat(CbbAttribute.ORDER_URGENT.valueOf(TestOrders.order().build())).hasValue("0");
		assertThat(CbbAttribute.ORDER_URGENT.valueOf(TestOrders.order().urgent().build())).hasValue("1");
	}

	@Test
	void theShekelSumIsOnlyFilledForShekels() {
		assertThat(CbbAttribute.ORDER_SUM_ILS.valueOf(TestOrders.order().build())).hasValue("249");
		assertThat(CbbAttribute.ORDER_SUM_ILS.valueOf(TestOrders.order().currency("EUR").build())).isEmpty();
	}

	@Test
	void validitiesAreWords() {
		assertThat(CbbAttribute.VISA_VALIDITY.valueOf(validity("2_weeks"))).hasValue("2 weeks");
		assertThat(CbbAttribute.VISA_VALIDITY.valueOf(validity("month"))).hasValue("1 month");
		assertThat(CbbAttribute.VISA_VALIDITY.valueOf(validity("4_weeks"))).hasValue("4 weeks");
		assertThat(CbbAttribute.VISA_VALIDITY.valueOf(validity(null))).isEmpty();
	}

	@Test
	void datesAreUnixSecondsOfTheDayInUtc() {
		assertThat(CbbAttribute.ORDER_DATE.valueOf(entryDate("2025-02-01"))).hasValue("1738368000");
		assertThat(CbbAttribute.ORDER_DATE.valueOf(entryDate("2025-02-01T23:30:00+02:00"))).hasValue("1738368000");
		assertThat(CbbAttribute.ORDER_DATE_TIME
			.valueOf(TestOrders.order().receivedAt(Instant.parse("2026-01-01T10:00:00.900Z")).build()))
			.hasValue("1767261600");
	}

	@Test
	void anUnreadableDateLeavesItsFieldAlone() {
		assertThat(CbbAttribute.ORDER_DATE.valueOf(entryDate("2025-2-1"))).isEmpty();
		assertThat(CbbAttribute.ORDER_DATE.valueOf(entryDate("2025-13-01"))).isEmpty();
		assertThat(CbbAttribute.ORDER_DATE.valueOf(entryDate(null))).isEmpty();
	}

	@Test
	void anEmptyValueIsNoValue() {
		assertThat(CbbAttribute.STAY_LIMIT.valueOf(TestOrders.order().detail("stayLimit", "").build())).isEmpty();
		assertThat(CbbAttribute.STAY_LIMIT.valueOf(TestOrders.order().detail("stayLimit", 90).build())).hasValue("90");
	}

	private static Order validity(String validity) {
		return TestOrders.order().detail("validity", validity).build();
	}

	private static Order entryDate(String date) {
		return TestOrders.order().detail("entryDate", date).build();
	}

}
