package dev.switchboard.events.wa;

import java.time.Instant;

import org.junit.jupiter.api.Test;

import dev.switchboard.events.EventJson;
import dev.switchboard.events.Fixtures;

import static org.assertj.core.api.Assertions.assertThat;

class WaStatusTest {

	@Test
	void readsSentStatusWithConversationAndPricing() {
		WaStatus status = read("wa-status-sent.json");
		assertThat(status.status()).isEqualTo("sent");
		assertThat(status.timestamp()).isEqualTo(Instant.ofEpochSecond(1750030073));
		assertThat(status.conversation())
			.isEqualTo(new WaConversation("CONVERSATION_ID", Instant.parse("2025-06-16T23:27:53Z"), "service"));
		assertThat(status.pricing()).isEqualTo(new WaPricing(true, "PMP", "regular", "service"));
		assertThat(status.errors()).isNull();
	}

	@Test
	void readsFailedStatusWithItsError() {
		WaStatus status = read("wa-status-failed-131047.json");
		assertThat(status.status()).isEqualTo("failed");
		assertThat(status.errors()).singleElement().satisfies((error) -> {
			assertThat(error.code()).isEqualTo(131047);
			assertThat(error.title()).isEqualTo("Re-engagement message");
			assertThat(error.details()).contains("24 hours");
		});
	}

	@Test
	void readsPlayedAndBsuidOnlyStatuses() {
		assertThat(read("wa-status-played.json").status()).isEqualTo("played");
		WaStatus bsuid = read("wa-status-bsuid-only.json");
		assertThat(bsuid.recipientId()).isNull();
		assertThat(bsuid.recipientUserId()).isEqualTo("US.13491208655302741918");
	}

	@Test
	void keepsUnknownStatusValuesAndIgnoresUnknownFields() {
		WaStatus status = read("wa-status-future-fields.json");
		assertThat(status.status()).isEqualTo("deleted_by_user");
		assertThat(status.conversation().originType()).isEqualTo("marketing_lite");
		assertThat(status.pricing().type()).isEqualTo("free_entry_point");
		assertThat(new String(EventJson.write(status))).doesNotContain("currency", "recipientParentUserId", "null");
	}

	private static WaStatus read(String fixture) {
		return EventJson.read(Fixtures.bytes(fixture), WaStatus.class);
	}

}
