package dev.switchboard.workflows.steps;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.UUID;

import dev.switchboard.events.EventEnvelope;
import dev.switchboard.events.EventType;
import dev.switchboard.events.messaging.SendMessageCommand;
import dev.switchboard.events.outbox.Outbox;
import dev.switchboard.tenants.TenantDirectory;
import dev.switchboard.workflows.definitions.StepSpec;
import reactor.core.publisher.Mono;

import org.springframework.beans.factory.ObjectProvider;
import org.springframework.stereotype.Component;

/**
 * The {@code send_message} and {@code send_template} steps: a send command to
 * messaging-service's command topic, through the outbox. Its message id, event id and
 * idempotency key are derived from the run and the step, so a step attempted again (a
 * retry, a replica taking over a run) never sends twice: messaging accepts one message
 * per key.
 */
@Component
class MessageSends {

	private final Outbox outbox;

	private final ObjectProvider<TenantDirectory> tenants;

	MessageSends(Outbox outbox, ObjectProvider<TenantDirectory> tenants) {
		this.outbox = outbox;
		this.tenants = tenants;
	}

	@SuppressWarnings("unchecked")
	Mono<Map<String, Object>> send(StepSpec step, RunState run) {
		return Mono.defer(() -> {
			String channelId = channel(step, run);
			String to = RunData.render(step.text("to"), run.data());
			if (to == null || to.isBlank()) {
				throw new StepFailure("'to' is empty for this run");
			}
			String messageId = messageId(run.runId(), step.id()).toString();
			SendMessageCommand command;
			if ("send_template".equals(step.type())) {
				Map<String, Object> template = (Map<String, Object>) RunData.renderValue(step.value("template"),
						run.data());
				command = new SendMessageCommand(messageId, channelId, phoneNumberId(run.tenantId(), channelId), to,
						"template", null, idempotencyKey(run.runId(), step.id()), templateContent(template), null);
			}
			else {
				command = new SendMessageCommand(messageId, channelId, phoneNumberId(run.tenantId(), channelId), to,
						"text", RunData.render(step.text("text"), run.data()), idempotencyKey(run.runId(), step.id()));
			}
			EventEnvelope<SendMessageCommand> event = new EventEnvelope<>(
					UUID.nameUUIDFromBytes(("send:" + messageId).getBytes(StandardCharsets.UTF_8)).toString(),
					EventType.MESSAGE_SEND_REQUESTED_V1, this.outbox.source(), Instant.now(), messageId, run.tenantId(),
					run.runId().toString(), null, command);
			return this.outbox.append(event, run.tenantId() + ":" + channelId)
				.thenReturn(Map.<String, Object>of("messageId", messageId, "channelId", channelId));
		});
	}

	/** The message id of a run's send step: the same for every attempt. */
	static UUID messageId(UUID runId, String stepId) {
		return UUID.nameUUIDFromBytes(("workflow-send:" + runId + ":" + stepId).getBytes(StandardCharsets.UTF_8));
	}

	static String idempotencyKey(UUID runId, String stepId) {
		return "workflow:" + runId + ":" + stepId;
	}

	/** The step's channel, or the one the triggering message arrived on. */
	private static String channel(StepSpec step, RunState run) {
		String channel = RunData.render(step.text("channel"), run.data());
		if (channel == null || channel.isBlank()) {
			Object fromTrigger = RunData.read(run.data(), "$.trigger.channelId");
			channel = (fromTrigger != null) ? fromTrigger.toString() : null;
		}
		if (channel == null || channel.isBlank()) {
			throw new StepFailure("No channel: name one in the step");
		}
		return channel;
	}

	private String phoneNumberId(String tenantId, String channelId) {
		TenantDirectory directory = this.tenants.getIfAvailable();
		if (directory == null) {
			return null;
		}
		return directory.channel(tenantId, channelId).map((ref) -> ref.channel().phoneNumberId()).orElse(null);
	}

	/** The Graph API {@code template} object. */
	private static Map<String, Object> templateContent(Map<String, Object> template) {
		Map<String, Object> content = new LinkedHashMap<>();
		content.put("name", template.get("name"));
		content.put("language", Map.of("code", template.get("language")));
		if (template.get("components") != null) {
			content.put("components", template.get("components"));
		}
		return content;
	}

}
