package dev.switchboard.workflows.steps;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import dev.switchboard.events.EventEnvelope;
import dev.switchboard.events.EventType;
import dev.switchboard.events.conversations.ConversationCommand;
import dev.switchboard.events.outbox.Outbox;
import dev.switchboard.workflows.definitions.StepSpec;
import reactor.core.publisher.Mono;

import org.springframework.stereotype.Component;

/**
 * The {@code tag} and {@code assign} steps: a conversation command to messaging-service
 * ({@code conversations.commands.v1}, key {@code tenantId:conversationId}) through the
 * outbox. The command id is derived from the run and the step, so a step attempted again
 * issues the same command, which messaging applies once.
 */
@Component
class ConversationCommands {

	/** The conversation a step acts on when it names none. */
	static final String DEFAULT_CONVERSATION = "{{$.trigger.conversationId}}";

	private final Outbox outbox;

	ConversationCommands(Outbox outbox) {
		this.outbox = outbox;
	}

	Mono<Map<String, Object>> issue(StepSpec step, RunState run) {
		return Mono.defer(() -> {
			String conversationId = conversation(step, run);
			String commandId = commandId(run.runId(), step.id()).toString();
			String actor = "workflow:" + ((run.workflowId() != null) ? run.workflowId() : run.runId());
			ConversationCommand command = "tag".equals(step.type())
					? new ConversationCommand(commandId, conversationId, ConversationCommand.TAG,
							names(step.value("add"), run), names(step.value("remove"), run), null, null, actor)
					: assignment(step, run, commandId, conversationId, actor);
			EventEnvelope<ConversationCommand> event = new EventEnvelope<>(commandId, EventType.CONVERSATION_COMMAND_V1,
					this.outbox.source(), Instant.now(), conversationId, run.tenantId(), run.runId().toString(), null,
					command);
			Map<String, Object> detail = new LinkedHashMap<>();
			detail.put("commandId", commandId);
			detail.put("conversationId", conversationId);
			detail.put("action", command.action());
			return this.outbox.append(event, run.tenantId() + ":" + conversationId).thenReturn(detail);
		});
	}

	/** The command id of a run's conversation step: the same for every attempt. */
	static UUID commandId(UUID runId, String stepId) {
		return UUID
			.nameUUIDFromBytes(("workflow-conversation:" + runId + ":" + stepId).getBytes(StandardCharsets.UTF_8));
	}

	private static ConversationCommand assignment(StepSpec step, RunState run, String commandId, String conversationId,
			String actor) {
		if (step.value("agentId") != null) {
			return new ConversationCommand(commandId, conversationId, ConversationCommand.ASSIGN, null, null,
					required(step, "agentId", run), null, actor);
		}
		if (step.value("queueId") != null) {
			return new ConversationCommand(commandId, conversationId, ConversationCommand.QUEUE, null, null, null,
					required(step, "queueId", run), actor);
		}
		return new ConversationCommand(commandId, conversationId, ConversationCommand.UNASSIGN, null, null, null, null,
				actor);
	}

	private static String conversation(StepSpec step, RunState run) {
		String template = (step.text("conversation") != null) ? step.text("conversation") : DEFAULT_CONVERSATION;
		String conversationId = RunData.render(template, run.data());
		if (conversationId == null || conversationId.isBlank()) {
			throw new StepFailure("No conversation: '" + template + "' is empty for this run");
		}
		return conversationId.strip();
	}

	private static String required(StepSpec step, String name, RunState run) {
		String value = RunData.render(step.text(name), run.data());
		if (value == null || value.isBlank()) {
			throw new StepFailure("'" + name + "' is empty for this run");
		}
		return value.strip();
	}

	/** Tag names with placeholders filled; empty ones left out. */
	private static List<String> names(Object names, RunState run) {
		List<String> rendered = new ArrayList<>();
		if (names instanceof List<?> list) {
			for (Object name : list) {
				String value = RunData.render(String.valueOf(name), run.data());
				if (value != null && !value.isBlank() && !rendered.contains(value.strip())) {
					rendered.add(value.strip());
				}
			}
		}
		return rendered;
	}

}
