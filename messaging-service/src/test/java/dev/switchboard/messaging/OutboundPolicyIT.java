package dev.switchboard.messaging;

import java.time.Duration;
import java.util.List;
import java.util.Map;

import dev.switchboard.events.Uuids;
import dev.switchboard.events.messaging.SendMessageCommand;
import org.assertj.core.api.InstanceOfAssertFactories;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A CBB channel's base URL is checked again at every call: a host that resolves to a
 * forbidden address fails the message at once with the reason, and no request reaches the
 * server behind it (here the live simulator, which would have taken it).
 */
class OutboundPolicyIT extends IntegrationSetup {

	private static final Duration PATIENCE = Duration.ofSeconds(30);

	private static final Map<String, Object> TEMPLATE = Map.of("name", "order_confirmation", "language",
			Map.of("code", "en_US"), "components",
			List.of(Map.of("type", "body", "parameters", List.of(Map.of("type", "text", "text", "#4822")))));

	@Test
	void aCbbChannelWhoseHostResolvesInsideIsRefusedAtCallTimeWithoutAConnection() {
		String id = "inside-" + Uuids.random();
		events.requestFromOtherService(new SendMessageCommand(id, "demo-inside", null, "+972500002201", "template",
				null, null, TEMPLATE, null), "inside");
		Map<String, Object> message = this.api.awaitMessage(id, (m) -> "failed".equals(m.get("status")), PATIENCE);
		assertThat(message.get("error")).asInstanceOf(InstanceOfAssertFactories.MAP)
			.containsEntry("title", "Channel URL refused")
			.extractingByKey("details")
			.asString()
			.contains("resolves to a loopback address (127.0.0.1)");
		assertThat(message.get("attempts")).isEqualTo(1);
		assertThat(live.cbb().sentContents())
			.noneMatch((content) -> content.body().contains("sb:" + message.get("id")));
		assertThat(live.cbb().sentContents()).noneMatch((content) -> content.body().contains("972500002201"));
		assertThat(live.cbb().contacts()).noneMatch((contact) -> "972500002201".equals(contact.phone()));
	}

}
