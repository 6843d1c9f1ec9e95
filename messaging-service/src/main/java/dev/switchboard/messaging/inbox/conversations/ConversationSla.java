package dev.switchboard.messaging.inbox.conversations;

import java.time.Instant;

import dev.switchboard.messaging.inbox.sla.SlaPolicies;
import reactor.core.publisher.Mono;

import org.springframework.stereotype.Component;

/**
 * Moves a conversation's SLA clock on the events that count: a customer message starts or
 * continues it, a public agent reply stops it. Notes, reactions, unsupported and system
 * messages never reach here. The clock is saved with the conversation; the policy is the
 * one of the queue the conversation is in (a new one: the queue it was routed to).
 */
@Component
class ConversationSla {

	private final SlaPolicies policies;

	ConversationSla(SlaPolicies policies) {
		this.policies = policies;
	}

	Mono<Conversation> customerMessage(Conversation conversation, Instant at) {
		return this.policies.ofQueue(conversation.tenantId(), conversation.queueId())
			.map((sla) -> conversation
				.withSla(conversation.sla().customerMessage(at, Instant.now(), sla.policy(), sla.hours())));
	}

	Mono<Conversation> agentReplied(Conversation conversation, Instant at) {
		return this.policies.ofQueue(conversation.tenantId(), conversation.queueId())
			.map((sla) -> conversation.withSla(conversation.sla().agentReplied(at, sla.policy())));
	}

}
