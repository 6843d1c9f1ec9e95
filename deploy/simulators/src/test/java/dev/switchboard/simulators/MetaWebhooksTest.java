package dev.switchboard.simulators;

import java.nio.charset.StandardCharsets;
import java.time.Instant;

import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

import static org.assertj.core.api.Assertions.assertThat;

class MetaWebhooksTest {

	private static final Instant TIME = Instant.ofEpochSecond(1750030073);

	private final MetaWebhooks webhooks = new MetaWebhooks(new MetaAccounts(SimulatorOptions.defaults()));

	@Test
	void sentStatusHasMetaEnvelopeConversationAndPricing() {
		JsonNode json = this.webhooks.status(new MetaWebhooks.StatusEvent("100000000000001", "wamid.abc", "16505551234",
				"sent", null, "conv-1", 0, TIME));

		assertThat(json.path("object").asString()).isEqualTo("whatsapp_business_account");
		JsonNode entry = json.path("entry").path(0);
		assertThat(entry.path("id").asString()).isEqualTo("200000000000001");
		JsonNode change = entry.path("changes").path(0);
		assertThat(change.path("field").asString()).isEqualTo("messages");
		JsonNode value = change.path("value");
		assertThat(value.path("messaging_product").asString()).isEqualTo("whatsapp");
		assertThat(value.path("metadata").path("display_phone_number").asString()).isEqualTo("15550000001");
		assertThat(value.path("metadata").path("phone_number_id").asString()).isEqualTo("100000000000001");
		JsonNode status = value.path("statuses").path(0);
		assertThat(status.path("id").asString()).isEqualTo("wamid.abc");
		assertThat(status.path("status").asString()).isEqualTo("sent");
		assertThat(status.path("timestamp").isString()).isTrue();
		assertThat(status.path("timestamp").asString()).isEqualTo("1750030073");
		assertThat(status.path("recipient_id").asString()).isEqualTo("16505551234");
		assertThat(status.path("conversation").path("id").asString()).isEqualTo("conv-1");
		assertThat(status.path("conversation").path("expiration_timestamp").asString()).isEqualTo("1750116473");
		assertThat(status.path("conversation").path("origin").path("type").asString()).isEqualTo("service");
		assertThat(status.path("pricing").path("billable").asBoolean()).isTrue();
		assertThat(status.path("pricing").path("pricing_model").asString()).isEqualTo("PMP");
		assertThat(status.path("pricing").path("type").asString()).isEqualTo("regular");
		assertThat(status.path("pricing").path("category").asString()).isEqualTo("service");
		assertThat(status.has("errors")).isFalse();
	}

	@Test
	void deliveredStatusHasNoPricingAndEchoesCallbackData() {
		JsonNode status = this.webhooks
			.status(new MetaWebhooks.StatusEvent("100000000000001", "wamid.abc", "16505551234", "delivered",
					"{\"c\":\"16505551234\"}", "conv-1", 0, TIME))
			.path("entry")
			.path(0)
			.path("changes")
			.path(0)
			.path("value")
			.path("statuses")
			.path(0);

		assertThat(status.has("conversation")).isFalse();
		assertThat(status.has("pricing")).isFalse();
		assertThat(status.path("biz_opaque_callback_data").asString()).isEqualTo("{\"c\":\"16505551234\"}");
	}

	@Test
	void failedStatusCarriesTheErrorCode() {
		JsonNode status = this.webhooks
			.status(new MetaWebhooks.StatusEvent("100000000000001", "wamid.abc", "16505551234", "failed", null, null,
					131047, TIME))
			.path("entry")
			.path(0)
			.path("changes")
			.path(0)
			.path("value")
			.path("statuses")
			.path(0);

		JsonNode error = status.path("errors").path(0);
		assertThat(error.path("code").asInt()).isEqualTo(131047);
		assertThat(error.path("title").asString()).isEqualTo("Re-engagement message");
		assertThat(error.path("message").asString()).isEqualTo(error.path("title").asString());
		assertThat(error.path("error_data").path("details").asString()).contains("24 hours");
		assertThat(error.path("href").asString()).startsWith("https://");
	}

	@Test
	void serialisesLikeMetaWithEscapedNonAsciiAndSlashes() {
		JsonNode json = this.webhooks.incomingText("100000000000001", "+972 50-123-4567", "דני", "a/b ✓", "wamid.x",
				TIME);

		String raw = new String(Json.metaBytes(json), StandardCharsets.US_ASCII);

		assertThat(raw).contains("\"name\":\"\\u05d3\\u05e0\\u05d9\"");
		assertThat(raw).contains("\"body\":\"a\\/b \\u2713\"");
		assertThat(raw).doesNotContain("דני");
		assertThat(Json.metaBytes(json)).isEqualTo(raw.getBytes(StandardCharsets.UTF_8));
		assertThat(Json.parse(raw)).isEqualTo(json);
		JsonNode value = json.path("entry").path(0).path("changes").path(0).path("value");
		assertThat(value.path("contacts").path(0).path("wa_id").asString()).isEqualTo("972501234567");
		assertThat(value.path("messages").path(0).path("from").asString()).isEqualTo("972501234567");
		assertThat(value.path("messages").path(0).path("type").asString()).isEqualTo("text");
	}

	@Test
	void usesConfiguredWabaAndDisplayNumberPerPhoneNumber() {
		MetaWebhooks custom = new MetaWebhooks(new MetaAccounts(
				SimulatorOptions.defaults().withWabaId("111", "222").withDisplayPhoneNumber("111", "15551110000")));

		JsonNode json = custom.status(new MetaWebhooks.StatusEvent("111", "wamid.a", "1", "read", null, null, 0, TIME));

		assertThat(json.path("entry").path(0).path("id").asString()).isEqualTo("222");
		assertThat(json.findValue("display_phone_number").asString()).isEqualTo("15551110000");
	}

}
