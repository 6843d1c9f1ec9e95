package dev.switchboard.messaging.inbox.stats;

import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.Set;
import java.util.UUID;

import dev.switchboard.http.problem.ApiProblem;
import dev.switchboard.http.problem.QueryParameters;
import dev.switchboard.messaging.inbox.agents.InboxCaller;
import dev.switchboard.messaging.inbox.agents.InboxCallers;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.tags.Tag;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import reactor.core.publisher.Mono;
import reactor.core.scheduler.Schedulers;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.data.redis.core.ReactiveStringRedisTemplate;
import org.springframework.http.MediaType;
import org.springframework.security.core.annotation.AuthenticationPrincipal;
import org.springframework.security.oauth2.jwt.Jwt;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.server.ServerWebExchange;

/**
 * {@code GET /api/v1/conversations/stats?from&to&queueId}: conversations opened and
 * resolved, messages in and out, first response and reply times (p50, p90), per queue and
 * per agent, cached in Redis for 30 s. An agent (role AGENT) gets its own figures only;
 * supervisors, admins and integrations the tenant's.
 */
@Tag(name = "Conversations",
		description = "The inbox: the tenant's conversations, their timelines and what agents do to them.")
@RestController
class ConversationStatsController {

	private static final Logger log = LoggerFactory.getLogger(ConversationStatsController.class);

	static final Duration CACHE_FOR = Duration.ofSeconds(30);

	/** The longest period asked at once (a quarter). */
	static final Duration MAX_PERIOD = Duration.ofDays(92);

	private static final Set<String> PARAMETERS = Set.of("from", "to", "queueId");

	private final ConversationStats stats;

	private final InboxCallers callers;

	private final ReactiveStringRedisTemplate redis;

	private final JsonMapper json;

	ConversationStatsController(ConversationStats stats, InboxCallers callers, ReactiveStringRedisTemplate redis,
			JsonMapper json) {
		this.stats = stats;
		this.callers = callers;
		this.redis = redis;
		this.json = json;
	}

	@Operation(operationId = "getConversationStats", summary = "Conversation statistics for a period",
			description = "Conversations opened and resolved, messages in and out, first response and reply times (p50, p90), per queue and per agent; an agent gets its own figures only. Cached for 30 s.")
	@GetMapping(path = "/api/v1/conversations/stats", produces = MediaType.APPLICATION_JSON_VALUE)
	Mono<ConversationStatsView> stats(@RequestParam(required = false) String from,
			@RequestParam(required = false) String to, @RequestParam(required = false) String queueId,
			@AuthenticationPrincipal Jwt token, ServerWebExchange exchange) {
		QueryParameters.onlyKnown(exchange.getRequest().getQueryParams().keySet(), PARAMETERS);
		Instant toInstant = QueryParameters.instant("to", to);
		Instant fromInstant = QueryParameters.instant("from", from);
		UUID queue = queue(queueId);
		Instant end = (toInstant != null) ? toInstant : Instant.now();
		Instant start = (fromInstant != null) ? fromInstant : end.minus(Duration.ofDays(1));
		if (!start.isBefore(end)) {
			return Mono.error(ApiProblem.invalidParameter("from", "must be before 'to'"));
		}
		if (Duration.between(start, end).compareTo(MAX_PERIOD) > 0) {
			return Mono.error(ApiProblem.invalidParameter("from", "the period is at most 92 days long",
					Map.of("maxDays", MAX_PERIOD.toDays())));
		}
		// "Up to now" is one cache entry, not one per instant.
		String period = ((fromInstant != null) ? start.toString() : "day-before") + ":"
				+ ((toInstant != null) ? end : "now");
		return this.callers.of(token).flatMap((caller) -> {
			String agentId = restrictedTo(caller);
			String key = "sb:conversation-stats:" + caller.tenantId() + ":" + ((agentId != null) ? agentId : "all")
					+ ":" + period + ":" + ((queue != null) ? queue : "all");
			return cached(key, this.stats.compute(caller.tenantId(), start, end, queue, agentId));
		});
	}

	/** An agent sees its own figures; the others the tenant's. */
	private static String restrictedTo(InboxCaller caller) {
		return caller.restricted() ? caller.agentId().toString() : null;
	}

	private static UUID queue(String raw) {
		if (QueryParameters.absent(raw)) {
			return null;
		}
		try {
			return UUID.fromString(raw.strip());
		}
		catch (IllegalArgumentException ex) {
			throw ApiProblem.invalidParameter("queueId", "must be a queue id");
		}
	}

	private Mono<ConversationStatsView> cached(String key, Mono<ConversationStatsView> computed) {
		// Every Redis command is sent from a worker: writing to Lettuce's shared
		// connection takes a lock, and waiting for it must not park an event loop.
		return this.redis.opsForValue()
			.get(key)
			.subscribeOn(Schedulers.boundedElastic())
			.map((hit) -> this.json.readValue(hit, ConversationStatsView.class))
			.onErrorResume((ex) -> {
				log.debug("Conversation statistics cache unreadable: {}", ex.toString());
				return Mono.empty();
			})
			.switchIfEmpty(Mono.defer(() -> computed.flatMap((view) -> this.redis.opsForValue()
				.set(key, this.json.writeValueAsString(view), CACHE_FOR)
				.subscribeOn(Schedulers.boundedElastic())
				.onErrorReturn(false)
				.thenReturn(view))));
	}

}
