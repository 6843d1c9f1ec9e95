package dev.switchboard.messaging;

import java.time.Duration;
import java.util.List;
import java.util.Map;

import dev.switchboard.events.Uuids;
import dev.switchboard.events.messaging.MessageStatusChanged;
import dev.switchboard.events.messaging.SendMessageCommand;
import dev.switchboard.simulators.CbbContent;
import dev.switchboard.simulators.FaultRule;
import org.assertj.core.api.InstanceOfAssertFactories;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Send commands other services publish on messaging.commands.v1 (order confirmations as
 * templates) become messages once, are sent once through CBB or Meta, and every status
 * change is announced on messaging.events.v1 under the requester's message id.
 */
class CommandsIT extends IntegrationSetup {

	private static final Duration PATIENCE = Duration.ofSeconds(30);

	private static final Map<String, Object> TEMPLATE = Map.of("name", "order_confirmation", "language",
			Map.of("code", "en_US"), "components",
			List.of(Map.of("type", "body", "parameters", List.of(Map.of("type", "text", "text", "#4821")))));

	@Test
	void aTemplateCommandThroughCbbIsStoredOnceSentOnceAndMatchedByRecipient() {
		String orderMessageId = "order-4821-confirmation-" + Uuids.random();
		SendMessageCommand command = new SendMessageCommand(orderMessageId, "demo-cbb", null, "+972500002101",
				"template", null, "order-4821", TEMPLATE, null);
		events.requestFromOtherService(command, "order-4821");
		events.requestFromOtherService(command, "order-4821");
		Map<String, Object> message = this.api.awaitMessage(orderMessageId, (m) -> "read".equals(m.get("status")),
				PATIENCE);
		assertThat(message).containsEntry("clientMessageId", orderMessageId)
			.containsEntry("channelId", "demo-cbb")
			.containsEntry("matchedBy", "recipient_window")
			.containsEntry("type", "template");
		assertThat(cbbContentsFor((String) message.get("id"))).hasSize(1);
		await().atMost(PATIENCE)
			.untilAsserted(() -> assertThat(changes).filteredOn((change) -> change.messageId().equals(orderMessageId))
				.extracting(MessageStatusChanged::status)
				.contains("sent", "read"));
	}

	@Test
	void aTemplateCommandThroughMetaIsSentAndAnnouncedUnderTheRequestersId() {
		String id = Uuids.random().toString();
		events.requestFromOtherService(new SendMessageCommand(id, "demo-live", DEMO_NUMBER, "972500002102", "template",
				null, "o-2", TEMPLATE, null), "o-2");
		this.api.awaitMessage(id, (m) -> "read".equals(m.get("status")), PATIENCE);
		await().atMost(PATIENCE)
			.untilAsserted(() -> assertThat(changes).filteredOn((change) -> change.messageId().equals(id))
				.extracting(MessageStatusChanged::status)
				.contains("sent"));
	}

	@Test
	void aCbbRefusalFailsTheMessageWithItsReason() {
		live.cbb().faults().add(FaultRule.cbbFailure().forRecipient("972500002103"));
		String id = "order-refused-" + Uuids.random();
		events.requestFromOtherService(
				new SendMessageCommand(id, "demo-cbb", null, "+972500002103", "template", null, null, TEMPLATE, null),
				"refused");
		Map<String, Object> message = this.api.awaitMessage(id, (m) -> "failed".equals(m.get("status")), PATIENCE);
		assertThat(message.get("error")).asInstanceOf(InstanceOfAssertFactories.MAP)
			.containsEntry("title", "CBB refused the message");
		await().atMost(PATIENCE)
			.untilAsserted(() -> assertThat(changes).filteredOn((change) -> change.messageId().equals(id))
				.extracting(MessageStatusChanged::status)
				.containsExactly("failed"));
	}

	@Test
	void freeFormOutsideTheWindowFailsWithoutAProviderCall() {
		String id = Uuids.random().toString();
		events.requestFromOtherService(
				new SendMessageCommand(id, "demo-live", DEMO_NUMBER, "+972500002104", "text", "Hi there", null),
				"window");
		Map<String, Object> message = this.api.awaitMessage(id, (m) -> "failed".equals(m.get("status")), PATIENCE);
		assertThat(message.get("error")).asInstanceOf(InstanceOfAssertFactories.MAP)
			.containsEntry("title", "OUTSIDE_SERVICE_WINDOW");
		assertThat(live.meta().sentMessages()).noneMatch((sent) -> sent.body().contains(id));
	}

	private static List<CbbContent> cbbContentsFor(String id) {
		return live.cbb().sentContents().stream().filter((content) -> content.body().contains("sb:" + id)).toList();
	}

}
