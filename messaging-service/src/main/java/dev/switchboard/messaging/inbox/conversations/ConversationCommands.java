package dev.switchboard.messaging.inbox.conversations;

import java.util.List;
import java.util.Map;
import java.util.UUID;

import dev.switchboard.events.EventEnvelope;
import dev.switchboard.events.conversations.ConversationCommand;
import dev.switchboard.events.kafka.ConsumedEvent;
import dev.switchboard.events.kafka.EventHandler;
import dev.switchboard.events.outbox.Inbox;
import dev.switchboard.http.problem.ApiProblem;
import dev.switchboard.http.problem.ApiProblem.FieldProblem;
import dev.switchboard.messaging.inbox.agents.InboxCaller;
import dev.switchboard.messaging.inbox.conversations.ConversationActions.Actor;
import reactor.core.publisher.Mono;

import org.springframework.http.HttpStatus;
import org.springframework.r2dbc.core.DatabaseClient;
import org.springframework.stereotype.Component;
import org.springframework.transaction.reactive.TransactionalOperator;

/**
 * Applies the conversation commands of automations ({@code conversations.commands.v1},
 * group {@code messaging-service.conversation-commands}) through the actions the inbox
 * API uses, so each change gets its timeline activity, event and stream entry, with the
 * command's actor acting like an integration. The command id is recorded in the inbox
 * table in the transaction of the change: a command delivered again changes nothing. A
 * command that cannot apply (no such conversation in the tenant, an unknown agent, queue
 * or tag, a resolved conversation) fails every attempt the same way, so it goes to the
 * dead-letter topic after the consumer's retries and the partition moves on; an
 * unavailable database is waited for.
 */
@Component
class ConversationCommands implements EventHandler<ConversationCommand> {

	static final String CONSUMER_GROUP = "messaging-service.conversation-commands";

	private final Inbox inbox;

	private final ConversationActions actions;

	private final ConversationTags tags;

	private final DatabaseClient database;

	private final TransactionalOperator transactions;

	ConversationCommands(Inbox inbox, ConversationActions actions, ConversationTags tags, DatabaseClient database,
			TransactionalOperator transactions) {
		this.inbox = inbox;
		this.actions = actions;
		this.tags = tags;
		this.database = database;
		this.transactions = transactions;
	}

	@Override
	public Mono<Void> handle(ConsumedEvent<ConversationCommand> consumed) {
		return apply(consumed.event());
	}

	/** Applies the command once; a command applied before changes nothing. */
	Mono<Void> apply(EventEnvelope<ConversationCommand> event) {
		return Mono.defer(() -> {
			ConversationCommand command = event.data();
			if (event.tenantId() == null || command == null) {
				return Mono.error(invalid("command", "a command needs its tenant and payload"));
			}
			UUID conversationId = uuid(command.conversationId(), "conversationId");
			String actorId = (command.actor() != null && !command.actor().isBlank()) ? command.actor() : "workflow";
			Actor actor = new Actor(event.tenantId(), actorId, new InboxCaller(event.tenantId(), actorId, null, null));
			Mono<Void> work = this.inbox.firstDelivery(CONSUMER_GROUP, event.id(), event.tenantId())
				.flatMap((first) -> first ? change(actor, conversationId, command) : Mono.<Conversation>empty())
				.then();
			return this.transactions.transactional(work);
		});
	}

	private Mono<Conversation> change(Actor actor, UUID id, ConversationCommand command) {
		String action = String.valueOf(command.action());
		return switch (action) {
			case ConversationCommand.TAG -> this.tags.change(actor, id, command.addTags(), command.removeTags());
			case ConversationCommand.ASSIGN -> knownAgent(actor.tenantId(), command.agentId())
				.then(this.actions.assign(actor, id, command.agentId(), null));
			case ConversationCommand.QUEUE -> this.actions.queue(actor, id, uuid(command.queueId(), "queueId"), null);
			case ConversationCommand.UNASSIGN -> this.actions.unassign(actor, id, null);
			default -> Mono.error(invalid("action", "unknown action " + action));
		};
	}

	/** An active agent of the tenant, else a failure that will not pass on a retry. */
	private Mono<Void> knownAgent(String tenantId, String agentId) {
		UUID id = uuid(agentId, "agentId");
		return this.database
			.sql("SELECT EXISTS (SELECT 1 FROM agents WHERE tenant_id = :tenantId AND id = :id AND active) AS known")
			.bind("tenantId", tenantId)
			.bind("id", id)
			.map((row) -> Boolean.TRUE.equals(row.get("known", Boolean.class)))
			.one()
			.flatMap((known) -> known ? Mono.empty() : Mono.error(new ApiProblem(HttpStatus.UNPROCESSABLE_CONTENT,
					"UNKNOWN_AGENT", "The tenant has no active agent " + agentId, Map.of())));
	}

	private static UUID uuid(String value, String field) {
		try {
			return UUID.fromString(String.valueOf(value));
		}
		catch (IllegalArgumentException ex) {
			throw invalid(field, "must be an id");
		}
	}

	private static ApiProblem invalid(String field, String message) {
		return ApiProblem.validationFailed(List.of(new FieldProblem(field, message)));
	}

}
