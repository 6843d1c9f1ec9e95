package dev.switchboard.messaging.inbox.agents;

import java.net.URI;
import java.util.Map;
import java.util.Set;
import java.util.UUID;

import dev.switchboard.http.problem.ApiProblem;
import dev.switchboard.messaging.inbox.agents.Agents.AgentChange;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.tags.Tag;
import reactor.core.publisher.Mono;

import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.security.core.annotation.AuthenticationPrincipal;
import org.springframework.security.oauth2.jwt.Jwt;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PatchMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RestController;

/**
 * {@code /api/v1/agents}: every caller of the tenant reads them; admins (and
 * integrations) create and change them; an agent sets its own availability.
 */
@Tag(name = "Agents", description = "The inbox's agents, their roles and availability.")
@RestController
class AgentController {

	private static final Set<String> FIELDS = Set.of("name", "email", "role", "queues", "capacity", "availability",
			"active");

	private static final int MAX_QUEUES = 100;

	private final Agents agents;

	private final InboxCallers callers;

	AgentController(Agents agents, InboxCallers callers) {
		this.agents = agents;
		this.callers = callers;
	}

	@Operation(operationId = "listAgents", summary = "List agents",
			description = "The tenant's agents with their role and availability.")
	@GetMapping(path = "/api/v1/agents", produces = MediaType.APPLICATION_JSON_VALUE)
	Mono<Agent.Page> list(@AuthenticationPrincipal Jwt token) {
		return this.callers.of(token)
			.flatMap((caller) -> this.agents.list(caller.tenantId()).collectList().map(Agent.Page::new));
	}

	@Operation(operationId = "getAgent", summary = "Get an agent",
			description = "One agent of the tenant; another tenant's is 404.")
	@GetMapping(path = "/api/v1/agents/{id}", produces = MediaType.APPLICATION_JSON_VALUE)
	Mono<Agent> agent(@PathVariable String id, @AuthenticationPrincipal Jwt token) {
		return this.callers.of(token).flatMap((caller) -> found(caller.tenantId(), id));
	}

	@Operation(operationId = "createAgent", summary = "Create an agent",
			description = "A new agent with a role; admins and integrations only.")
	@PostMapping(path = "/api/v1/agents", consumes = MediaType.APPLICATION_JSON_VALUE,
			produces = MediaType.APPLICATION_JSON_VALUE)
	Mono<ResponseEntity<Agent>> create(@RequestBody Map<String, Object> body, @AuthenticationPrincipal Jwt token) {
		return this.callers.of(token).flatMap((caller) -> {
			caller.requireAdmin();
			Bodies fields = new Bodies(body, FIELDS);
			AgentChange change = change(fields, true);
			fields.validate();
			return this.agents.create(caller.tenantId(), change);
		}).map((agent) -> ResponseEntity.created(URI.create("/api/v1/agents/" + agent.id())).body(agent));
	}

	/**
	 * Changes the fields given. An agent may set its own {@code availability} and nothing
	 * else; everything else is an admin's.
	 */
	@Operation(operationId = "updateAgent", summary = "Change an agent",
			description = "Changes the fields given. An agent may set its own availability and nothing else; everything else is an admin's.")
	@PatchMapping(path = "/api/v1/agents/{id}", consumes = MediaType.APPLICATION_JSON_VALUE,
			produces = MediaType.APPLICATION_JSON_VALUE)
	Mono<Agent> update(@PathVariable String id, @RequestBody Map<String, Object> body,
			@AuthenticationPrincipal Jwt token) {
		return this.callers.of(token).flatMap((caller) -> {
			UUID agentId = Agents.parseId(id);
			if (agentId == null) {
				return Mono.error(ApiProblem.notFound("No such agent"));
			}
			Bodies fields = new Bodies(body, FIELDS);
			AgentChange change = change(fields, false);
			fields.validate();
			boolean self = agentId.equals(caller.agentId());
			if (change.beyondAvailability() || !self) {
				caller.requireAdmin();
			}
			return this.agents.update(caller.tenantId(), agentId, change)
				.switchIfEmpty(Mono.error(() -> ApiProblem.notFound("No such agent")));
		});
	}

	private static AgentChange change(Bodies fields, boolean creating) {
		return new AgentChange(fields.text("name", 100, creating), fields.text("email", 254, false),
				fields.oneOf("role", AgentRole.class, creating), fields.ids("queues", MAX_QUEUES),
				fields.integer("capacity", 0, 1000), fields.oneOf("availability", Availability.class, false),
				creating ? null : fields.bool("active"));
	}

	private Mono<Agent> found(String tenantId, String id) {
		UUID agentId = Agents.parseId(id);
		if (agentId == null) {
			return Mono.error(ApiProblem.notFound("No such agent"));
		}
		return this.agents.find(tenantId, agentId)
			.switchIfEmpty(Mono.error(() -> ApiProblem.notFound("No such agent")));
	}

}
