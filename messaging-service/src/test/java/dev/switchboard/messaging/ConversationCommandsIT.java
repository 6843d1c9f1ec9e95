package dev.switchboard.messaging;

import java.net.URI;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentLinkedQueue;

import dev.switchboard.events.EventEnvelope;
import dev.switchboard.events.EventType;
import dev.switchboard.events.Topic;
import dev.switchboard.events.conversations.ConversationChanged;
import dev.switchboard.events.conversations.ConversationCommand;
import dev.switchboard.events.kafka.EventConsumer;
import dev.switchboard.events.kafka.EventSubscription;
import dev.switchboard.events.kafka.KafkaSettings;
import dev.switchboard.events.wa.WaInboundMessage;
import dev.switchboard.infra.DeadLetterTopics;
import dev.switchboard.infra.SharedInfra;
import dev.switchboard.simulators.SimulatorOptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import reactor.core.publisher.Mono;

import org.springframework.http.HttpMethod;
import org.springframework.test.web.reactive.server.WebTestClient;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Conversation commands of automations on {@code conversations.commands.v1}: applied as
 * an integration's actions (timeline activity, {@code ConversationChanged} with the
 * command's actor), once per command id; a command that cannot apply (no such
 * conversation, another tenant's, an unknown agent) is dead-lettered without holding up
 * the conversation's later commands.
 */
class ConversationCommandsIT extends IntegrationSetup {

	private static final Duration PATIENCE = Duration.ofSeconds(30);

	private static final String GROUP = "messaging-service.conversation-commands";

	private static final ConcurrentLinkedQueue<EventEnvelope<ConversationChanged>> announced = new ConcurrentLinkedQueue<>();

	private static EventSubscription conversationEvents;

	private InboxApi inbox;

	private String tenant;

	private String integration;

	@BeforeAll
	static synchronized void listen() {
		if (conversationEvents == null) {
			KafkaSettings kafka = new KafkaSettings(SharedInfra.get().kafka().bootstrapServers(), "commands-it");
			conversationEvents = EventConsumer
				.builder(kafka, Topic.CONVERSATIONS_EVENTS, "commands-it", ConversationChanged.class)
				.handler((consumed) -> Mono.fromRunnable(() -> announced.add(consumed.event())))
				.start();
			Runtime.getRuntime().addShutdownHook(new Thread(conversationEvents::close, "commands-it-events"));
		}
	}

	@BeforeEach
	void tenant() {
		this.inbox = new InboxApi(this.port, events);
		this.tenant = "cmd-" + System.nanoTime();
		this.integration = InboxApi.integration(this.tenant);
	}

	@Test
	void commandsTagAndAssignOnceAsTheWorkflowAndBadOnesAreDeadLetteredWithoutBlocking() {
		created(this.inbox.call(this.integration, HttpMethod.POST, "/api/v1/tags", Map.of("name", "VIP")));
		created(this.inbox.call(this.integration, HttpMethod.POST, "/api/v1/tags", Map.of("name", "New")));
		String agent = (String) created(this.inbox.call(this.integration, HttpMethod.POST, "/api/v1/agents",
				Map.of("name", "Ana " + System.nanoTime(), "role", "AGENT")))
			.get("id");
		String id = conversation("972500099001");
		String actor = "workflow:" + UUID.randomUUID();

		EventEnvelope<ConversationCommand> tag = command(this.tenant, id, ConversationCommand.TAG,
				List.of("vip", "new"), List.of(), null, actor);
		publish(tag);
		publish(command(this.tenant, id, ConversationCommand.ASSIGN, null, null, agent, actor));
		publish(command(this.tenant, id, ConversationCommand.TAG, List.of(), List.of("NEW"), null, actor));
		// Delivered again: applied anew it would add "New" back.
		publish(tag);

		Map<String, Object> view = await().atMost(PATIENCE)
			.until(() -> view(id),
					(found) -> List.of("VIP").equals(found.get("tags")) && agent.equals(found.get("assigneeId")));
		assertThat(view).containsEntry("status", "ASSIGNED");
		await().atMost(PATIENCE).until(() -> changesOf(id, actor).size() == 3);
		assertThat(changesOf(id, actor)).extracting(ConversationChanged::change)
			.containsExactly("TAGS_CHANGED", "ASSIGNED", "TAGS_CHANGED");
		assertThat(changesOf(id, actor).get(0).tags()).containsExactly("VIP", "New");
		assertThat(timeline(id)).filteredOn((entry) -> actor.equals(entry.get("actor")))
			.extracting((entry) -> entry.get("activity"))
			.containsExactly("TAGS_CHANGED", "ASSIGNED", "TAGS_CHANGED");

		// What cannot apply goes to the dead-letter topic; the conversation's later
		// commands (same key, same partition) still apply.
		long deadLettersBefore = DeadLetterTopics.records(SharedInfra.get().kafka(), GROUP);
		publish(command(this.tenant, UUID.randomUUID().toString(), ConversationCommand.UNASSIGN, null, null, null,
				actor), this.tenant + ":" + id);
		publish(command(this.tenant + "-other", id, ConversationCommand.UNASSIGN, null, null, null, actor),
				this.tenant + ":" + id);
		publish(command(this.tenant, id, ConversationCommand.ASSIGN, null, null, UUID.randomUUID().toString(), actor));
		publish(command(this.tenant, id, ConversationCommand.UNASSIGN, null, null, null, actor));

		await().atMost(PATIENCE).until(() -> view(id).get("assigneeId") == null);
		assertThat(view(id).get("tags")).isEqualTo(List.of("VIP"));
		await().atMost(PATIENCE)
			.until(() -> DeadLetterTopics.records(SharedInfra.get().kafka(), GROUP) == deadLettersBefore + 3);
		assertThat(changesOf(id, actor)).extracting(ConversationChanged::change)
			.containsExactly("TAGS_CHANGED", "ASSIGNED", "TAGS_CHANGED", "UNASSIGNED");
	}

	private static EventEnvelope<ConversationCommand> command(String tenantId, String conversationId, String action,
			List<String> add, List<String> remove, String agentId, String actor) {
		String commandId = UUID.randomUUID().toString();
		ConversationCommand command = new ConversationCommand(commandId, conversationId, action, add, remove, agentId,
				null, actor);
		return new EventEnvelope<>(commandId, EventType.CONVERSATION_COMMAND_V1,
				URI.create("urn:switchboard:workflow-service"), Instant.now(), conversationId, tenantId, null, null,
				command);
	}

	private static void publish(EventEnvelope<ConversationCommand> command) {
		publish(command, command.tenantId() + ":" + command.data().conversationId());
	}

	private static void publish(EventEnvelope<ConversationCommand> command, String key) {
		events.publishAny(command, key);
	}

	private List<ConversationChanged> changesOf(String id, String actor) {
		return announced.stream()
			.map(EventEnvelope::data)
			.filter((changed) -> id.equals(changed.conversationId()) && actor.equals(changed.actor()))
			.sorted((a, b) -> Long.compare(a.version(), b.version()))
			.toList();
	}

	/** A conversation of the tenant, opened by a customer message. */
	private String conversation(String from) {
		this.inbox.publish(InboxApi.event(this.tenant,
				new WaInboundMessage(SimulatorOptions.DEMO_PHONE_NUMBER_ID, SimulatorOptions.DEFAULT_WABA_ID,
						SimulatorOptions.DEMO_DISPLAY_PHONE_NUMBER, "wamid.CMD." + System.nanoTime(), from, null, "Ana",
						Instant.now(), "text", null, null, Map.of("body", "Hello"), "Hello", null, null)));
		return (String) await().atMost(PATIENCE)
			.until(() -> (List<?>) this.inbox
				.json(this.inbox.call(this.integration, HttpMethod.GET, "/api/v1/conversations", null))
				.get("items"), (items) -> items.size() == 1)
			.stream()
			.map((item) -> ((Map<?, ?>) item).get("id"))
			.findFirst()
			.orElseThrow();
	}

	private Map<String, Object> view(String id) {
		return this.inbox
			.json(this.inbox.call(this.integration, HttpMethod.GET, "/api/v1/conversations/{id}", null, id));
	}

	@SuppressWarnings("unchecked")
	private List<Map<String, Object>> timeline(String id) {
		return (List<Map<String, Object>>) this.inbox
			.json(this.inbox.call(this.integration, HttpMethod.GET, "/api/v1/conversations/{id}/messages", null, id))
			.get("items");
	}

	@SuppressWarnings("unchecked")
	private static Map<String, Object> created(WebTestClient.ResponseSpec call) {
		return call.expectStatus().isCreated().expectBody(Map.class).returnResult().getResponseBody();
	}

}
