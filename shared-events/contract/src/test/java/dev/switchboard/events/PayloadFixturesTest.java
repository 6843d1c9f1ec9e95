package dev.switchboard.events;

import java.util.stream.Stream;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import tools.jackson.databind.JsonNode;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Every payload fixture survives parse → serialise → parse unchanged and matches its
 * schema.
 */
class PayloadFixturesTest {

	static Stream<Arguments> fixtures() {
		return Stream.of(Arguments.of("wa-status-sent.json", EventType.WA_STATUS_V1),
				Arguments.of("wa-status-failed-131047.json", EventType.WA_STATUS_V1),
				Arguments.of("wa-status-played.json", EventType.WA_STATUS_V1),
				Arguments.of("wa-status-bsuid-only.json", EventType.WA_STATUS_V1),
				Arguments.of("wa-template-status-approved.json", EventType.WA_TEMPLATE_STATUS_V1),
				Arguments.of("wa-inbound-message-text-reply.json", EventType.WA_INBOUND_MESSAGE_V1),
				Arguments.of("wa-inbound-message-unsupported.json", EventType.WA_INBOUND_MESSAGE_V1),
				Arguments.of("wa-template-quality-yellow.json", EventType.WA_TEMPLATE_QUALITY_V1),
				Arguments.of("wa-template-category-utility-to-marketing.json", EventType.WA_TEMPLATE_CATEGORY_V1),
				Arguments.of("wa-account-update-phone-quality.json", EventType.WA_ACCOUNT_UPDATE_V1),
				Arguments.of("wa-account-update-errors.json", EventType.WA_ACCOUNT_UPDATE_V1),
				Arguments.of("wa-unknown-change.json", EventType.WA_UNKNOWN_CHANGE_V1),
				Arguments.of("messaging-send-requested.json", EventType.MESSAGE_SEND_REQUESTED_V1),
				Arguments.of("messaging-status-changed.json", EventType.MESSAGE_STATUS_CHANGED_V1),
				Arguments.of("orders-received-vizi.json", EventType.ORDER_RECEIVED_V1),
				Arguments.of("wa-raw-webhook.json", EventType.WA_RAW_WEBHOOK_V1),
				Arguments.of("wa-unrouted-change.json", EventType.WA_UNROUTED_CHANGE_V1),
				Arguments.of("wa-rejected-webhook.json", EventType.WA_REJECTED_WEBHOOK_V1),
				Arguments.of("orders-order-changed-confirmed.json", EventType.ORDER_CHANGED_V1),
				Arguments.of("tenants-config-demo.json", EventType.TENANT_CONFIG_V1),
				Arguments.of("templates-template-changed-paused.json", EventType.TEMPLATE_CHANGED_V1),
				Arguments.of("conversations-conversation-changed-reopened.json", EventType.CONVERSATION_CHANGED_V1),
				Arguments.of("messaging-send-requested-template.json", EventType.MESSAGE_SEND_REQUESTED_V1),
				Arguments.of("workflows-run-changed-failed.json", EventType.WORKFLOW_RUN_CHANGED_V1),
				Arguments.of("conversations-command-tag.json", EventType.CONVERSATION_COMMAND_V1),
				Arguments.of("conversations-command-assign.json", EventType.CONVERSATION_COMMAND_V1));
	}

	@ParameterizedTest
	@MethodSource("fixtures")
	void roundTripsUnchanged(String fixture, EventType type) {
		byte[] json = Fixtures.bytes(fixture);
		Object parsed = EventJson.read(json, type.payloadClass());
		byte[] written = EventJson.write(parsed);
		assertThat(EventJson.read(written, type.payloadClass())).isEqualTo(parsed);
		assertThat(tree(written)).isEqualTo(tree(json));
	}

	@ParameterizedTest
	@MethodSource("fixtures")
	void matchesItsSchema(String fixture, EventType type) {
		byte[] written = EventJson.write(EventJson.read(Fixtures.bytes(fixture), type.payloadClass()));
		assertThat(EventSchemas.validate(type, Fixtures.bytes(fixture))).isEmpty();
		assertThat(EventSchemas.validate(type, written)).isEmpty();
	}

	private static JsonNode tree(byte[] json) {
		return EventJson.mapper().readTree(json);
	}

}
