package dev.switchboard.ingest.whatsapp.parsing;

import java.time.Instant;
import java.util.List;
import java.util.Map;

import dev.switchboard.events.EventJson;
import dev.switchboard.events.EventSchemas;
import dev.switchboard.events.EventType;
import dev.switchboard.events.wa.WaError;
import dev.switchboard.events.wa.WaInboundMessage;
import dev.switchboard.events.wa.WaMessageContext;
import dev.switchboard.ingest.whatsapp.mapping.MessageEvents;
import dev.switchboard.ingest.whatsapp.mapping.WebhookItem;
import org.junit.jupiter.api.Test;

import static dev.switchboard.ingest.whatsapp.WebhookFixtures.fixture;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * Every message type of the reference table mapped from one webhook.
 */
class InboundMessagesTest {

	private final WebhookContent content = WebhookParser.parse(fixture("inbound-every-type.json"));

	@Test
	void mapsATextMessageWithItsMetadataAndSender() {
		assertThat(message("wamid.TEXT")).isEqualTo(new WaInboundMessage("100000000000001", "200000000000001",
				"15550000001", "wamid.TEXT", "16505551234", null, "Ana", Instant.ofEpochSecond(1750030400), "text",
				null, null, Map.of("body", "Hello, is my visa ready?"), "Hello, is my visa ready?", null, null));
	}

	@Test
	void keepsMediaObjectsVerbatimWithTheirCaption() {
		WaInboundMessage image = message("wamid.IMAGE");
		assertThat(image.content()).containsEntry("id", "1479537139650973")
			.containsEntry("mime_type", "image/jpeg")
			.containsKey("url");
		assertThat(image.text()).isEqualTo("My passport");
		WaInboundMessage voice = message("wamid.VOICE");
		assertThat(voice.type()).isEqualTo("audio");
		assertThat(voice.content()).containsEntry("voice", true).containsEntry("mime_type", "audio/ogg; codecs=opus");
		assertThat(voice.text()).isNull();
		WaInboundMessage document = message("wamid.DOC");
		assertThat(document.content()).containsEntry("filename", "ticket.pdf");
		assertThat(document.text()).isEqualTo("Flight ticket");
		assertThat(message("wamid.STICKER").content()).containsEntry("animated", false)
			.containsEntry("mime_type", "image/webp");
	}

	@Test
	void keepsLocationNumbersAndWrapsTheContactsArray() {
		assertThat(message("wamid.LOCATION").content()).containsEntry("latitude", 37.483307)
			.containsEntry("longitude", 122.148981)
			.containsEntry("name", "Pablo Morales");
		Map<String, Object> contacts = message("wamid.CONTACTS").content();
		assertThat(contacts).containsOnlyKeys("contacts");
		assertThat((List<?>) contacts.get("contacts")).singleElement()
			.isEqualTo(Map.of("name", Map.of("formatted_name", "John Smith", "first_name", "John"), "phones",
					List.of(Map.of("phone", "+1 (650) 555-1234", "wa_id", "16505551234", "type", "WORK"))));
	}

	@Test
	void readsInteractiveRepliesAndTemplateButtonsWithTheirContext() {
		WaInboundMessage button = message("wamid.BUTTON_REPLY");
		assertThat(button.text()).isEqualTo("Confirm");
		assertThat(button.context()).isEqualTo(new WaMessageContext("15550000001", "wamid.OFFER", null, null, null));
		assertThat(button.content()).containsEntry("type", "button_reply");
		WaInboundMessage list = message("wamid.LIST_REPLY");
		assertThat(list.text()).isEqualTo("UK visa");
		assertThat(list.content()).containsEntry("list_reply",
				Map.of("id", "visa-uk", "title", "UK visa", "description", "Standard visitor"));
		WaInboundMessage flow = message("wamid.NFM_REPLY");
		assertThat(flow.text()).isEqualTo("Sent");
		assertThat(flow.content()).extracting((content) -> ((Map<?, ?>) content.get("nfm_reply")).get("response_json"))
			.isEqualTo("{\"flow_token\":\"t1\",\"date\":\"2025-07-01\"}");
		WaInboundMessage templateButton = message("wamid.BUTTON");
		assertThat(templateButton.text()).isEqualTo("Stop promotions");
		assertThat(templateButton.content()).containsEntry("payload", "STOP_PROMOS");
		assertThat(templateButton.context().id()).isEqualTo("wamid.TEMPLATE");
	}

	@Test
	void readsReactionsAndTheirRemoval() {
		assertThat(message("wamid.REACTION").content()).containsEntry("message_id", "wamid.OUTBOUND1")
			.containsEntry("emoji", "\uD83D\uDC4D");
		assertThat(message("wamid.UNREACTION").content()).containsEntry("message_id", "wamid.OUTBOUND1")
			.doesNotContainKey("emoji");
	}

	@Test
	void keepsOrdersWithTheirItems() {
		Map<String, Object> order = message("wamid.ORDER").content();
		assertThat(order).containsEntry("catalog_id", "CATALOG1");
		assertThat(order.get("product_items")).isEqualTo(
				List.of(Map.of("product_retailer_id", "SKU-1", "quantity", 2, "item_price", 49.5, "currency", "USD")));
	}

	@Test
	void acceptsABusinessScopedOnlySenderOfAnUnsupportedMessageWithItsErrors() {
		WaInboundMessage unsupported = message("wamid.UNSUPPORTED");
		assertThat(unsupported.from()).isNull();
		assertThat(unsupported.fromUserId()).isEqualTo("US.99990000000000000001");
		assertThat(unsupported.profileName()).isEqualTo("Bo");
		assertThat(unsupported.content()).isEqualTo(Map.of("type", "poll_creation"));
		assertThat(unsupported.errors()).containsExactly(new WaError(131051, "Message type unknown",
				"Message type unknown", "Message type is currently not supported.", null));
		assertThat(unsupported.context().frequentlyForwarded()).isTrue();
	}

	@Test
	void keepsAdReferralsAndProductInquiries() {
		WaInboundMessage referral = message("wamid.REFERRAL");
		assertThat(referral.referral()).containsEntry("source_type", "ad")
			.containsEntry("ctwa_clid", "ARAkLkA8")
			.containsEntry("welcome_message", Map.of("text", "Hi!"));
		assertThat(referral.text()).isEqualTo("I saw your ad");
		assertThat(message("wamid.INQUIRY").context().referredProduct())
			.isEqualTo(Map.of("catalog_id", "CATALOG1", "product_retailer_id", "SKU-1"));
	}

	@Test
	void mapsSystemMessagesWithoutContactsAndKeepsTheirIdentity() {
		WaInboundMessage changed = message("wamid.SYSTEM");
		assertThat(changed.profileName()).isNull();
		assertThat(changed.content()).containsEntry("type", "user_changed_number")
			.containsEntry("wa_id", "16505559999");
		WaInboundMessage identity = message("wamid.IDENTITY");
		assertThat(identity.otherFields()).containsOnlyKeys("identity");
		assertThat(identity.otherFields().get("identity"))
			.isEqualTo(Map.of("acknowledged", true, "created_timestamp", 1750030501, "hash", "Sjvjlx8G6Z0="));
	}

	@Test
	void keepsFutureTypesVerbatim() {
		WaInboundMessage poll = message("wamid.POLL");
		assertThat(poll.type()).isEqualTo("poll_vote");
		assertThat(poll.content()).isEqualTo(Map.of("option", 2));
	}

	@Test
	void dropsMessagesWithoutIdOrSenderAndValidatesTheRest() {
		assertThat(this.content.invalidItems()).hasSize(2)
			.anySatisfy((reason) -> assertThat(reason).contains("without id"))
			.anySatisfy((reason) -> assertThat(reason).contains("wamid.NOSENDER"));
		List<WaInboundMessage> messages = this.content.payloads(WaInboundMessage.class);
		assertThat(messages).hasSize(20);
		assertThat(messages).allSatisfy((
				message) -> assertThat(EventSchemas.validate(EventType.WA_INBOUND_MESSAGE_V1, EventJson.write(message)))
					.as(message.messageId())
					.isEmpty());
		assertThat(messages)
			.allSatisfy((message) -> assertThat(EventJson.read(EventJson.write(message), WaInboundMessage.class))
				.isEqualTo(message));
	}

	@Test
	void keysBySenderAndIdentifiesByMessageId() {
		WebhookItem item = MessageEvents.item(message("wamid.UNSUPPORTED"));
		assertThat(item.keyPart()).isEqualTo("US.99990000000000000001");
		assertThat(item.identity()).isEqualTo("100000000000001:wamid.UNSUPPORTED");
		assertThat(MessageEvents.item(message("wamid.TEXT")).keyPart()).isEqualTo("16505551234");
	}

	private WaInboundMessage message(String id) {
		return this.content.payloads(WaInboundMessage.class)
			.stream()
			.filter((message) -> message.messageId().equals(id))
			.findFirst()
			.orElseThrow();
	}

}
