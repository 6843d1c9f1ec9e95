package dev.switchboard.messaging.inbox.agents;

import java.util.UUID;

import dev.switchboard.http.security.Caller;
import dev.switchboard.http.security.InternalTokens;
import reactor.core.publisher.Mono;

import org.springframework.r2dbc.core.DatabaseClient;
import org.springframework.security.oauth2.jwt.Jwt;
import org.springframework.stereotype.Component;

/**
 * Turns the gateway's token into an {@link InboxCaller}. The agent record decides: a key
 * bound to an agent this tenant does not have (or has deactivated) is refused, and the
 * role is the lower of the agent's and the one the key was bound with, so demoting an
 * agent takes effect on the next request and a key may be issued with less than its
 * agent's role.
 */
@Component
public class InboxCallers {

	private final DatabaseClient database;

	InboxCallers(DatabaseClient database) {
		this.database = database;
	}

	public Mono<InboxCaller> of(Jwt token) {
		Caller caller = Caller.of(token);
		String agentClaim = token.getClaimAsString(InternalTokens.AGENT_ID);
		if (agentClaim == null) {
			return Mono.just(new InboxCaller(caller.tenantId(), caller.keyId(), null, null));
		}
		UUID agentId = Agents.parseId(agentClaim);
		AgentRole keyRole = role(token.getClaimAsString(InternalTokens.ROLE));
		if (agentId == null) {
			return Mono.error(InboxCaller.forbidden("The key is bound to no agent of this tenant"));
		}
		return this.database.sql("SELECT role FROM agents WHERE tenant_id = :tenantId AND id = :id AND active")
			.bind("tenantId", caller.tenantId())
			.bind("id", agentId)
			.map((row) -> AgentRole.valueOf(row.get("role", String.class)))
			.one()
			.map((agentRole) -> new InboxCaller(caller.tenantId(), caller.keyId(), agentId,
					AgentRole.lower(agentRole, keyRole)))
			.switchIfEmpty(Mono.error(() -> InboxCaller
				.forbidden("The key is bound to an agent this tenant does not have or has deactivated")));
	}

	/**
	 * Whether a restricted caller (role AGENT) may act on the conversation: assigned to
	 * it, or unassigned in one of its queues or in no queue (the tenant's general
	 * backlog). Run in the action's transaction, after the conversation row was locked.
	 */
	public Mono<Boolean> mayActOn(InboxCaller caller, UUID conversationId) {
		if (!caller.restricted()) {
			return Mono.just(true);
		}
		return this.database.sql("""
				SELECT EXISTS (SELECT 1 FROM conversations c WHERE c.tenant_id = :tenantId AND c.id = :id
				AND (c.assignee_id = :agent OR (c.assignee_id IS NULL AND (c.queue_id IS NULL OR EXISTS (
				SELECT 1 FROM queue_members m WHERE m.tenant_id = c.tenant_id AND m.queue_id = c.queue_id
				AND m.agent_id = :agentId))))) AS allowed""")
			.bind("tenantId", caller.tenantId())
			.bind("id", conversationId)
			.bind("agent", caller.agentId().toString())
			.bind("agentId", caller.agentId())
			.map((row) -> Boolean.TRUE.equals(row.get("allowed", Boolean.class)))
			.one();
	}

	/** A binding without a known role gets the least one. */
	private static AgentRole role(String claim) {
		if (claim == null) {
			return AgentRole.AGENT;
		}
		try {
			return AgentRole.valueOf(claim);
		}
		catch (IllegalArgumentException ex) {
			return AgentRole.AGENT;
		}
	}

}
