package dev.switchboard.ingest.whatsapp.parsing;

import java.time.Instant;
import java.util.List;

import dev.switchboard.events.EventJson;
import dev.switchboard.events.EventSchemas;
import dev.switchboard.events.wa.WaAccountUpdate;
import dev.switchboard.events.wa.WaError;
import dev.switchboard.events.wa.WaTemplateCategory;
import dev.switchboard.events.wa.WaTemplateQuality;
import dev.switchboard.events.wa.WaTemplateStatus;
import dev.switchboard.events.wa.WaUnknownChange;
import dev.switchboard.ingest.whatsapp.WebhookFixtures;
import dev.switchboard.ingest.whatsapp.mapping.WebhookItem;
import dev.switchboard.ingest.whatsapp.mapping.WhatsAppEvents;
import org.junit.jupiter.api.Test;

import static dev.switchboard.ingest.whatsapp.WebhookFixtures.fixture;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * Template, account-level and unknown changes of one webhook.
 */
class AccountChangesTest {

	private static final Instant TIME = Instant.ofEpochSecond(1750030600);

	private final WebhookContent content = WebhookParser.parse(fixture("account-changes.json"));

	@Test
	void mapsTemplateStatusUpdatesInBothLanguageSpellingsAndANullReason() {
		assertThat(this.content.payloads(WaTemplateStatus.class)).containsExactly(
				new WaTemplateStatus("200000000000001", 1689556908129832L, "order_confirmation", "pt_BR", "REJECTED",
						"INVALID_FORMAT", "UTILITY", TIME),
				new WaTemplateStatus("200000000000001", 1689556908129833L, "old_promo", "en-US", "PENDING_DELETION",
						null, null, TIME));
	}

	@Test
	void mapsDoneAndAnnouncedTemplateCategoryUpdatesAndForwardsOneWithoutAnIdRaw() {
		WebhookContent categories = WebhookParser.parse(fixture("template-category-changes.json"));
		assertThat(categories.payloads(WaTemplateCategory.class)).containsExactly(
				new WaTemplateCategory("200000000000001", 806312974732579L, "welcome_template", "en-US", "UTILITY",
						"MARKETING", null, TIME),
				new WaTemplateCategory("200000000000001", 806312974732580L, "order_note", "en_US", null, "UTILITY",
						"MARKETING", TIME));
		assertThat(categories.payloads(WaUnknownChange.class)).singleElement()
			.satisfies((raw) -> assertThat(raw.field()).isEqualTo("template_category_update"));
	}

	@Test
	void mapsTemplateQualityUpdates() {
		assertThat(this.content.payloads(WaTemplateQuality.class)).containsExactly(new WaTemplateQuality(
				"200000000000001", 806312974732579L, "welcome_template", "en_US", "GREEN", "YELLOW", TIME));
	}

	@Test
	void mapsPhoneNumberQualityUpdatesAndValueErrorsAsAccountUpdates() {
		List<WaAccountUpdate> updates = this.content.payloads(WaAccountUpdate.class);
		assertThat(updates).hasSize(2);
		WaAccountUpdate quality = updates.get(0);
		assertThat(quality.field()).isEqualTo("phone_number_quality_update");
		assertThat(quality.event()).isEqualTo("THROUGHPUT_UPGRADE");
		assertThat(quality.phoneNumberId()).isNull();
		assertThat(quality.displayPhoneNumber()).isEqualTo("15550000001");
		assertThat(quality.time()).isEqualTo(TIME);
		assertThat(quality.value()).containsEntry("current_limit", "TIER_10K");
		WaAccountUpdate errors = updates.get(1);
		assertThat(errors.field()).isEqualTo("messages");
		assertThat(errors.phoneNumberId()).isEqualTo("100000000000001");
		assertThat(errors.time()).isNull();
		assertThat(errors.errors()).containsExactly(new WaError(130429, "Rate limit hit", "Rate limit hit",
				"Message failed to send because there were too many messages sent from this phone number in a short period of time",
				"/documentation/business-messaging/whatsapp/support/error-codes"));
		assertThat(errors.value()).containsKeys("messaging_product", "metadata", "errors");
	}

	@Test
	void forwardsUnknownFieldsAndIncompleteKnownOnesRaw() {
		assertThat(this.content.payloads(WaUnknownChange.class)).containsExactly(
				new WaUnknownChange("200000000000001", null, "business_fraud_alert", TIME,
						"{\"alert\":\"NEW\",\"score\":0.7}"),
				new WaUnknownChange("200000000000001", null, "message_template_status_update", TIME,
						"{\"event\":\"APPROVED\"}"));
	}

	@Test
	void routesAccountChangesByWabaAndErrorsByPhoneNumber() {
		assertThat(this.content.wabaIds()).containsExactly("200000000000001");
		assertThat(this.content.items()).filteredOn((item) -> item.data() instanceof WaAccountUpdate)
			.extracting(WebhookItem::phoneNumberId)
			.containsExactly(null, "100000000000001");
		assertThat(this.content.items()).extracting(WebhookItem::keyPart)
			.containsExactly("1689556908129832", "1689556908129833", "806312974732579", "200000000000001",
					"200000000000001", "200000000000001", "200000000000001");
	}

	@Test
	void identifiesTemplateEventsByIdEventAndTime() {
		WebhookItem first = this.content.items().get(0);
		assertThat(first.identity()).isEqualTo("200000000000001:1689556908129832:REJECTED:1750030600");
		WebhookContent again = WebhookParser.parse(fixture("account-changes.json"));
		assertThat(again.items()).extracting(WhatsAppEvents::eventId)
			.isEqualTo(this.content.items().stream().map(WhatsAppEvents::eventId).toList())
			.doesNotHaveDuplicates();
	}

	@Test
	void forwardsAMessagesChangeWithoutStatusesMessagesOrErrorsRawAndRoutesItByItsNumber() {
		byte[] body = WebhookFixtures.envelope("""
				{"id":"200000000000001","changes":[{"field":"messages","value":{"messaging_product":"whatsapp",\
				"metadata":{"phone_number_id":"100000000000001"},"message_echoes":[{"id":"wamid.E"}]}}]}""");

		WebhookItem item = WebhookParser.parse(body).items().get(0);

		assertThat(item.data()).isEqualTo(new WaUnknownChange("200000000000001", "100000000000001", "messages", null,
				"{\"messaging_product\":\"whatsapp\",\"metadata\":{\"phone_number_id\":\"100000000000001\"},"
						+ "\"message_echoes\":[{\"id\":\"wamid.E\"}]}"));
		assertThat(item.phoneNumberId()).isEqualTo("100000000000001");
	}

	@Test
	void producesSchemaValidPayloads() {
		assertThat(this.content.items()).hasSize(7)
			.allSatisfy((item) -> assertThat(EventSchemas.validate(item.type(), EventJson.write(item.data())))
				.as(item.kind())
				.isEmpty());
		assertThat(this.content.items()).extracting(WebhookItem::kind)
			.containsExactly("template_status", "template_status", "template_quality", "account_update",
					"unknown_change", "unknown_change", "account_update");
		assertThat(this.content.invalidItems()).isEmpty();
	}

}
