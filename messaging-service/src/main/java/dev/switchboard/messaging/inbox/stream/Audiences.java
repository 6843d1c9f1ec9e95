package dev.switchboard.messaging.inbox.stream;

import java.util.Set;
import java.util.UUID;
import java.util.stream.Collectors;

import dev.switchboard.messaging.inbox.agents.InboxCaller;
import dev.switchboard.messaging.inbox.agents.InboxCallers;
import reactor.core.publisher.Mono;

import org.springframework.r2dbc.core.DatabaseClient;
import org.springframework.security.oauth2.jwt.Jwt;
import org.springframework.stereotype.Component;

/** The audience of a caller's stream, from its token and (for an agent) its queues. */
@Component
class Audiences {

	private final InboxCallers callers;

	private final DatabaseClient database;

	Audiences(InboxCallers callers, DatabaseClient database) {
		this.callers = callers;
		this.database = database;
	}

	Mono<Audience> of(Jwt token) {
		return this.callers.of(token).flatMap(this::of);
	}

	private Mono<Audience> of(InboxCaller caller) {
		if (!caller.restricted()) {
			return Mono.just(new Audience(caller.tenantId(), null, Set.of()));
		}
		return this.database
			.sql("SELECT queue_id FROM queue_members WHERE tenant_id = :tenantId AND agent_id = :agentId")
			.bind("tenantId", caller.tenantId())
			.bind("agentId", caller.agentId())
			.map((row) -> row.get("queue_id", UUID.class))
			.all()
			.collect(Collectors.toSet())
			.map((queues) -> new Audience(caller.tenantId(), caller.agentId().toString(), queues));
	}

}
