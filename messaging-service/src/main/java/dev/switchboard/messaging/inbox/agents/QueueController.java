package dev.switchboard.messaging.inbox.agents;

import java.net.URI;
import java.util.Map;
import java.util.Set;
import java.util.UUID;

import dev.switchboard.http.problem.ApiProblem;
import dev.switchboard.messaging.inbox.agents.Queues.QueueChange;
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
 * {@code /api/v1/queues}: every caller of the tenant reads them; admins (and
 * integrations) create and change them and their members.
 */
@RestController
class QueueController {

	private static final Set<String> FIELDS = Set.of("name", "mode", "members", "businessHours", "slaPolicy", "active");

	private static final int MAX_MEMBERS = 1000;

	private final Queues queues;

	private final InboxCallers callers;

	QueueController(Queues queues, InboxCallers callers) {
		this.queues = queues;
		this.callers = callers;
	}

	@GetMapping(path = "/api/v1/queues", produces = MediaType.APPLICATION_JSON_VALUE)
	Mono<Queue.Page> list(@AuthenticationPrincipal Jwt token) {
		return this.callers.of(token)
			.flatMap((caller) -> this.queues.list(caller.tenantId()).collectList().map(Queue.Page::new));
	}

	@GetMapping(path = "/api/v1/queues/{id}", produces = MediaType.APPLICATION_JSON_VALUE)
	Mono<Queue> queue(@PathVariable String id, @AuthenticationPrincipal Jwt token) {
		return this.callers.of(token)
			.flatMap((caller) -> this.queues.find(caller.tenantId(), queueId(id)))
			.switchIfEmpty(Mono.error(() -> ApiProblem.notFound("No such queue")));
	}

	@PostMapping(path = "/api/v1/queues", consumes = MediaType.APPLICATION_JSON_VALUE,
			produces = MediaType.APPLICATION_JSON_VALUE)
	Mono<ResponseEntity<Queue>> create(@RequestBody Map<String, Object> body, @AuthenticationPrincipal Jwt token) {
		return this.callers.of(token).flatMap((caller) -> {
			caller.requireAdmin();
			return this.queues.create(caller.tenantId(), change(body, true));
		}).map((queue) -> ResponseEntity.created(URI.create("/api/v1/queues/" + queue.id())).body(queue));
	}

	@PatchMapping(path = "/api/v1/queues/{id}", consumes = MediaType.APPLICATION_JSON_VALUE,
			produces = MediaType.APPLICATION_JSON_VALUE)
	Mono<Queue> update(@PathVariable String id, @RequestBody Map<String, Object> body,
			@AuthenticationPrincipal Jwt token) {
		return this.callers.of(token).flatMap((caller) -> {
			caller.requireAdmin();
			return this.queues.update(caller.tenantId(), queueId(id), change(body, false));
		}).switchIfEmpty(Mono.error(() -> ApiProblem.notFound("No such queue")));
	}

	private static QueueChange change(Map<String, Object> body, boolean creating) {
		Bodies fields = new Bodies(body, FIELDS);
		QueueChange change = new QueueChange(fields.text("name", 100, creating),
				fields.oneOf("mode", QueueMode.class, false), fields.ids("members", MAX_MEMBERS),
				fields.object("businessHours"), fields.object("slaPolicy"), creating ? null : fields.bool("active"));
		fields.validate();
		return change;
	}

	/** An id that is no UUID names no queue: 404, like another tenant's. */
	private static UUID queueId(String id) {
		UUID queueId = Agents.parseId(id);
		if (queueId == null) {
			throw ApiProblem.notFound("No such queue");
		}
		return queueId;
	}

}
