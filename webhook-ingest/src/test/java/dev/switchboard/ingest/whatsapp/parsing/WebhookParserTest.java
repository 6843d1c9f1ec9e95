package dev.switchboard.ingest.whatsapp.parsing;

import java.nio.charset.StandardCharsets;
import java.time.Instant;

import dev.switchboard.events.EventJson;
import dev.switchboard.events.EventSchemas;
import dev.switchboard.events.EventType;
import dev.switchboard.events.wa.WaConversation;
import dev.switchboard.events.wa.WaError;
import dev.switchboard.events.wa.WaPricing;
import dev.switchboard.events.wa.WaStatus;
import dev.switchboard.ingest.whatsapp.WebhookFixtures;
import dev.switchboard.ingest.whatsapp.mapping.WebhookItem;
import org.junit.jupiter.api.Test;

import static dev.switchboard.ingest.whatsapp.WebhookFixtures.fixture;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

class WebhookParserTest {

	@Test
	void mapsASentStatusWithConversationAndPricing() {
		WebhookContent content = WebhookParser.parse(fixture("status-sent.json"));

		assertThat(content.payloads(WaStatus.class)).containsExactly(new WaStatus("100000000000001", "200000000000001",
				"15550000001", "wamid.HBgLMTY1MDU1NTEyMzQVAgARGBI4QTdFRjBDMjk0QTg5RjdCMDAA", "sent",
				Instant.ofEpochSecond(1750030073), "16505551234", null, "order-4821",
				new WaConversation("8d6c1e5b2a9f4c3e7b1a0d9e8f7c6b5a", Instant.ofEpochSecond(1750116473), "service"),
				new WaPricing(true, "PMP", "regular", "service"), null));
		assertThat(content.phoneNumberIds()).containsExactly("100000000000001");
		assertThat(content.invalidItems()).isEmpty();
		assertValidEvents(content);
	}

	@Test
	void mapsAFailedStatusWithItsErrors() {
		WaStatus status = WebhookParser.parse(fixture("status-failed.json")).payloads(WaStatus.class).get(0);

		assertThat(status.status()).isEqualTo("failed");
		assertThat(status.conversation()).isNull();
		assertThat(status.pricing()).isNull();
		assertThat(status.errors()).containsExactly(new WaError(131047, "Re-engagement message",
				"Re-engagement message",
				"Message failed to send because more than 24 hours have passed since the customer last replied to this number.",
				"https://developers.facebook.com/docs/whatsapp/cloud-api/support/error-codes/"));
		assertValidEvents(WebhookParser.parse(fixture("status-failed.json")));
	}

	@Test
	void mapsAPlayedStatus() {
		WaStatus status = WebhookParser.parse(fixture("status-played.json")).payloads(WaStatus.class).get(0);

		assertThat(status.status()).isEqualTo("played");
		assertThat(status.wamid()).isEqualTo("wamid.VOICE0001");
		assertThat(status.timestamp()).isEqualTo(Instant.ofEpochSecond(1750030200));
	}

	@Test
	void mapsBusinessScopedUserIdsUnknownStatusesAndUnknownFields() {
		WebhookContent content = WebhookParser.parse(fixture("status-bsuid-only.json"));

		assertThat(content.payloads(WaStatus.class)).hasSize(2);
		WaStatus bsuidOnly = content.payloads(WaStatus.class).get(0);
		assertThat(bsuidOnly.recipientId()).isNull();
		assertThat(bsuidOnly.recipientUserId()).isEqualTo("US.13491208655302741918");
		assertThat(bsuidOnly.timestamp()).as("numeric timestamp").isEqualTo(Instant.ofEpochSecond(1750030300));
		assertThat(bsuidOnly.pricing()).isEqualTo(new WaPricing(null, "PMP", "free_customer_service", "service"));
		WaStatus future = content.payloads(WaStatus.class).get(1);
		assertThat(future.status()).isEqualTo("deleted_by_user");
		assertThat(future.recipientId()).isEqualTo("16505551234");
		assertThat(future.recipientUserId()).isEqualTo("US.13491208655302741918");
		assertValidEvents(content);
	}

	@Test
	void mapsInboundMessagesErrorsAndOtherFieldsAndDropsIncompleteStatuses() {
		WebhookContent content = WebhookParser.parse(fixture("mixed-fields.json"));

		assertThat(content.payloads(WaStatus.class)).isEmpty();
		assertThat(content.invalidItems()).hasSize(3);
		assertThat(content.items()).extracting(WebhookItem::kind)
			.containsExactly("inbound_message", "inbound_message", "account_update", "template_status");
		assertThat(content.phoneNumberIds()).containsExactlyInAnyOrder("100000000000001", "100000000000002");
		assertThat(content.wabaIds()).containsExactly("200000000000001");
	}

	@Test
	void readsEveryEntryAndEveryChange() {
		WebhookContent content = WebhookParser.parse(WebhookFixtures.statusBatch("100000000000001", 3, 7));

		assertThat(content.payloads(WaStatus.class)).hasSize(21);
		assertThat(content.payloads(WaStatus.class)).extracting(WaStatus::wamid)
			.startsWith("wamid.BATCH-0-0", "wamid.BATCH-0-1")
			.contains("wamid.BATCH-1-6", "wamid.BATCH-2-0")
			.endsWith("wamid.BATCH-2-6")
			.doesNotHaveDuplicates();
	}

	@Test
	void refusesBodiesThatAreNotJsonOrLackEntries() {
		assertThatExceptionOfType(MalformedWebhookException.class)
			.isThrownBy(() -> WebhookParser.parse("not json".getBytes(StandardCharsets.UTF_8)));
		assertThatExceptionOfType(MalformedWebhookException.class).isThrownBy(() -> WebhookParser
			.parse("{\"object\":\"whatsapp_business_account\"}".getBytes(StandardCharsets.UTF_8)));
		assertThatExceptionOfType(MalformedWebhookException.class)
			.isThrownBy(() -> WebhookParser.parse("[1,2]".getBytes(StandardCharsets.UTF_8)));
		assertThatExceptionOfType(MalformedWebhookException.class).isThrownBy(() -> WebhookParser.parse(new byte[0]));
	}

	@Test
	void acceptsAnEmptyEntryList() {
		WebhookContent content = WebhookParser
			.parse("{\"object\":\"whatsapp_business_account\",\"entry\":[]}".getBytes(StandardCharsets.UTF_8));

		assertThat(content.payloads(WaStatus.class)).isEmpty();
	}

	private static void assertValidEvents(WebhookContent content) {
		for (WaStatus status : content.payloads(WaStatus.class)) {
			assertThat(EventSchemas.validate(EventType.WA_STATUS_V1, EventJson.write(status))).as(status.wamid())
				.isEmpty();
		}
	}

}
