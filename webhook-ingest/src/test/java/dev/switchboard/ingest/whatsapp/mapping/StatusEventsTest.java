package dev.switchboard.ingest.whatsapp.mapping;

import java.time.Instant;
import java.util.List;

import dev.switchboard.events.EventType;
import dev.switchboard.events.Topic;
import dev.switchboard.events.kafka.OutgoingEvent;
import dev.switchboard.events.wa.WaStatus;
import dev.switchboard.ingest.channels.ChannelConfig;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class StatusEventsTest {

	private static final ChannelConfig CHANNEL = new ChannelConfig("demo", "demo-meta", "100000000000001",
			"200000000000001", List.of("demo-app-secret"), "demo-verify-token");

	@Test
	void buildsAStatusEventOfTheChannelsTenant() {
		WaStatus status = status("wamid.A", "read", "16505551234", null);

		OutgoingEvent outgoing = StatusEvents.of(status, CHANNEL, "corr-1");

		assertThat(outgoing.topic()).isEqualTo(Topic.WA_STATUS);
		assertThat(outgoing.key()).isEqualTo("demo:16505551234");
		assertThat(outgoing.event().type()).isEqualTo(EventType.WA_STATUS_V1);
		assertThat(outgoing.event().tenantId()).isEqualTo("demo");
		assertThat(outgoing.event().subject()).isEqualTo("wamid.A");
		assertThat(outgoing.event().source()).hasToString("/webhook-ingest/whatsapp");
		assertThat(outgoing.event().correlationId()).isEqualTo("corr-1");
		assertThat(outgoing.event().time()).isEqualTo(status.timestamp());
		assertThat(outgoing.event().data()).isSameAs(status);
	}

	@Test
	void keysByBusinessScopedUserIdWhenThePhoneIsAbsent() {
		OutgoingEvent outgoing = StatusEvents.of(status("wamid.A", "read", null, "US.1"), CHANNEL, null);

		assertThat(outgoing.key()).isEqualTo("demo:US.1");
	}

	@Test
	void givesARedeliveredStatusTheSameIdAndAnotherStatusAnotherId() {
		String first = StatusEvents.of(status("wamid.A", "read", "1", null), CHANNEL, "a").event().id();
		String again = StatusEvents.of(status("wamid.A", "read", "1", null), CHANNEL, "b").event().id();
		String delivered = StatusEvents.of(status("wamid.A", "delivered", "1", null), CHANNEL, "a").event().id();

		assertThat(again).isEqualTo(first);
		assertThat(delivered).isNotEqualTo(first);
	}

	@Test
	void givesTheSameStatusAtAnotherTimeAnotherId() {
		WaStatus status = status("wamid.A", "read", "1", null);
		WaStatus later = new WaStatus(status.phoneNumberId(), status.wabaId(), status.displayPhoneNumber(),
				status.wamid(), status.status(), status.timestamp().plusSeconds(1), status.recipientId(), null, null,
				null, null, null);

		assertThat(StatusEvents.of(later, CHANNEL, "a").event().id())
			.isNotEqualTo(StatusEvents.of(status, CHANNEL, "a").event().id());
	}

	private static WaStatus status(String wamid, String value, String recipientId, String recipientUserId) {
		return new WaStatus("100000000000001", "200000000000001", "15550000001", wamid, value,
				Instant.ofEpochSecond(1750030073), recipientId, recipientUserId, null, null, null, null);
	}

}
