package dev.switchboard.orders.confirmation;

import java.math.BigDecimal;
import java.time.Instant;
import java.util.Map;
import java.util.UUID;

import dev.switchboard.orders.order.Order;
import dev.switchboard.orders.order.OrderStatus;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class ConfirmationTemplateTest {

	@Test
	void hebrewParametersFollowTheOriginalTemplate() {
		assertThat(ConfirmationTemplate.parameters(order("india", "evisa", "tourism", "single", "month"), "he"))
			.containsExactly("Dana Example", "הודו", "🇮🇳", "IL250101IN99", "תיירות לחודש", "1", "249 ILS", "3");
	}

	@Test
	void saudiArabiaAndCambodiaHaveTheirOwnNameAndFlag() {
		assertThat(ConfirmationTemplate.parameters(order("saudi_arabia", "evisa", "tourism", "single", "year"), "he"))
			.element(1)
			.isEqualTo("ערב הסעודית");
		assertThat(Destinations.flag("saudi_arabia")).isEqualTo("🇸🇦");
		assertThat(Destinations.flag("cambodia")).isEqualTo("🇰🇭");
		assertThat(Destinations.keys()).hasSize(17);
	}

	@Test
	void noParameterIsEmptyBecauseMetaRefusesAnEmptyText() {
		assertThat(ConfirmationTemplate.parameters(order("atlantis", "evisa", "tourism", "single", "month"), "en"))
			.allSatisfy((text) -> assertThat(text).isNotBlank())
			.element(2)
			.isEqualTo(ConfirmationTemplate.UNKNOWN_FLAG);
	}

	@Test
	void shortValiditiesAreNotTurnedIntoThirtyDays() {
		assertThat(VisaTypes.phrase("evisa", "tourism", "single", "2_weeks", "he")).isEqualTo("תיירות לשבועיים");
		assertThat(VisaTypes.phrase("evisa", "tourism", "single", "15_days", "he")).isEqualTo("תיירות ל-15 ימים");
	}

	@Test
	void visaTypesByDocumentIntentAndEntries() {
		assertThat(VisaTypes.phrase("eta", "tourism", "single", "year", "he")).isEqualTo("אישור נסיעה לשנה");
		assertThat(VisaTypes.phrase("evisa", "business", "multiple", "year", "he")).isEqualTo("עסקים, רב פעמית, לשנה");
		assertThat(VisaTypes.phrase("visa", "general", "single", "month", "en"))
			.isEqualTo("Tourist and business visa, 1 month");
		assertThat(VisaTypes.phrase("evisa", "tourism", "single", "month", "ro")).isEqualTo("Viză de turism, 1 lună");
		assertThat(VisaTypes.phrase("dtv", "tourism", "single", "month", "en")).isEqualTo("DTV, 1 month");
	}

	@Test
	void theTemplateObjectIsTheGraphApiShape() {
		Map<String, Object> content = ConfirmationTemplate.content("order_confirmation_global", "ro",
				order("india", "evisa", "tourism", "single", "month"));
		assertThat(content).containsEntry("name", "order_confirmation_global")
			.containsEntry("language", Map.of("code", "ro"))
			.containsKey("components");
	}

	private static Order order(String country, String docType, String intent, String entries, String validity) {
		Instant now = Instant.parse("2026-01-01T10:00:00Z");
		return new Order(UUID.randomUUID(), "demo", "vizi", "IL250101IN99", "il", OrderStatus.RECEIVED, null, 1, false,
				"Dana Example", "dana@example.com", "+972500000001", true, new BigDecimal("249.00"), "ILS", country,
				Map.of("docType", docType, "intent", intent, "entries", entries, "validity", validity), null, 0, null,
				null, null, now, now);
	}

}
