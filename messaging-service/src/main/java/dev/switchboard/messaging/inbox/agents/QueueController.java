package dev.switchboard.messaging.inbox.agents;

import java.net.URI;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;

import dev.switchboard.http.problem.ApiProblem;
import dev.switchboard.http.problem.ApiProblem.FieldProblem;
import dev.switchboard.messaging.inbox.agents.Queues.QueueChange;
import dev.switchboard.messaging.inbox.sla.BusinessHours;
import dev.switchboard.messaging.inbox.sla.InvalidSlaSettings;
import dev.switchboard.messaging.inbox.sla.SlaPolicy;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.tags.Tag;
import reactor.core.publisher.Mono;

import org.springframework.http.HttpStatus;
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
@Tag(name = "Queues", description = "The inbox's queues and their members; admins and integrations change them.")
@RestController
class QueueController {

	private static final Set<String> FIELDS = Set.of("name", "mode", "members", "businessHours", "slaPolicy", "active",
			"phoneNumberIds", "default");

	private static final int MAX_MEMBERS = 1000;

	private static final int MAX_PHONE_NUMBERS = 100;

	/**
	 * Fills what a policy leaves out while it is checked (the service's own come later).
	 */
	private static final SlaPolicy VALIDATION_DEFAULTS = new SlaPolicy(Duration.ofHours(2), Duration.ofHours(2),
			Duration.ofHours(24), 0.75, null);

	private final Queues queues;

	private final InboxCallers callers;

	QueueController(Queues queues, InboxCallers callers) {
		this.queues = queues;
		this.callers = callers;
	}

	@Operation(operationId = "listQueues", summary = "List queues",
			description = "The tenant's queues with their assignment mode and members.")
	@GetMapping(path = "/api/v1/queues", produces = MediaType.APPLICATION_JSON_VALUE)
	Mono<Queue.Page> list(@AuthenticationPrincipal Jwt token) {
		return this.callers.of(token)
			.flatMap((caller) -> this.queues.list(caller.tenantId()).collectList().map(Queue.Page::new));
	}

	@Operation(operationId = "getQueue", summary = "Get a queue",
			description = "One queue of the tenant; another tenant's is 404.")
	@GetMapping(path = "/api/v1/queues/{id}", produces = MediaType.APPLICATION_JSON_VALUE)
	Mono<Queue> queue(@PathVariable String id, @AuthenticationPrincipal Jwt token) {
		return this.callers.of(token)
			.flatMap((caller) -> this.queues.find(caller.tenantId(), queueId(id)))
			.switchIfEmpty(Mono.error(() -> ApiProblem.notFound("No such queue")));
	}

	@Operation(operationId = "createQueue", summary = "Create a queue",
			description = "A new queue with its assignment mode (round robin or least loaded), members, business hours and SLA policy; admins and integrations only.")
	@PostMapping(path = "/api/v1/queues", consumes = MediaType.APPLICATION_JSON_VALUE,
			produces = MediaType.APPLICATION_JSON_VALUE)
	Mono<ResponseEntity<Queue>> create(@RequestBody Map<String, Object> body, @AuthenticationPrincipal Jwt token) {
		return this.callers.of(token).flatMap((caller) -> {
			caller.requireAdmin();
			QueueChange change = change(body, true);
			return escalationQueueKnown(caller.tenantId(), change).then(this.queues.create(caller.tenantId(), change));
		}).map((queue) -> ResponseEntity.created(URI.create("/api/v1/queues/" + queue.id())).body(queue));
	}

	@Operation(operationId = "updateQueue", summary = "Change a queue",
			description = "Changes the fields given of a queue; admins and integrations only.")
	@PatchMapping(path = "/api/v1/queues/{id}", consumes = MediaType.APPLICATION_JSON_VALUE,
			produces = MediaType.APPLICATION_JSON_VALUE)
	Mono<Queue> update(@PathVariable String id, @RequestBody Map<String, Object> body,
			@AuthenticationPrincipal Jwt token) {
		return this.callers.of(token).flatMap((caller) -> {
			caller.requireAdmin();
			QueueChange change = change(body, false);
			return escalationQueueKnown(caller.tenantId(), change)
				.then(this.queues.update(caller.tenantId(), queueId(id), change));
		}).switchIfEmpty(Mono.error(() -> ApiProblem.notFound("No such queue")));
	}

	private static QueueChange change(Map<String, Object> body, boolean creating) {
		Bodies fields = new Bodies(body, FIELDS);
		QueueChange change = new QueueChange(fields.text("name", 100, creating),
				fields.oneOf("mode", QueueMode.class, false), fields.ids("members", MAX_MEMBERS),
				fields.object("businessHours"), fields.object("slaPolicy"), creating ? null : fields.bool("active"),
				fields.phoneNumberIds("phoneNumberIds", MAX_PHONE_NUMBERS), fields.bool("default"));
		fields.validate();
		try {
			BusinessHours.parse(change.businessHours());
		}
		catch (InvalidSlaSettings ex) {
			throw invalid("INVALID_BUSINESS_HOURS", ex.field(), ex.getMessage());
		}
		try {
			SlaPolicy.parse(change.slaPolicy(), VALIDATION_DEFAULTS);
		}
		catch (InvalidSlaSettings ex) {
			throw invalid("INVALID_SLA_POLICY", ex.field(), ex.getMessage());
		}
		return change;
	}

	/** The escalation queue a policy names must be one of the tenant's. */
	private Mono<Void> escalationQueueKnown(String tenantId, QueueChange change) {
		UUID escalation = (change.slaPolicy() != null)
				? SlaPolicy.parse(change.slaPolicy(), VALIDATION_DEFAULTS).escalationQueueId() : null;
		if (escalation == null) {
			return Mono.empty();
		}
		return this.queues.find(tenantId, escalation)
			.switchIfEmpty(Mono.error(() -> invalid("INVALID_SLA_POLICY", "slaPolicy.escalationQueueId",
					"must be the id of a queue of this tenant")))
			.then();
	}

	private static ApiProblem invalid(String code, String field, String message) {
		return new ApiProblem(HttpStatus.BAD_REQUEST, code, "'" + field + "' " + message,
				Map.of("field", field, "errors", List.of(new FieldProblem(field, message))));
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
