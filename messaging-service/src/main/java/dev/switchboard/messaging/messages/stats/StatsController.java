package dev.switchboard.messaging.messages.stats;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Set;

import dev.switchboard.http.problem.ApiProblem;
import dev.switchboard.http.problem.ApiProblem.FieldProblem;
import dev.switchboard.http.problem.QueryParameters;
import dev.switchboard.http.security.Caller;
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
 * {@code GET /api/v1/messages/stats?from&to&interval}: sent, delivered, read and failed
 * counts, rates, top error codes and messages per pricing category, cached in Redis for
 * 30 s under the tenant's statistics generation (every status change moves it).
 */
@Tag(name = "Message statistics",
		description = "Sent, delivered, read and failed counts and rates of the tenant's messages.")
@RestController
class StatsController {

	private static final Logger log = LoggerFactory.getLogger(StatsController.class);

	static final Duration CACHE_FOR = Duration.ofSeconds(30);

	private static final List<String> INTERVALS = List.of("minute", "hour", "day");

	private static final Set<String> PARAMETERS = Set.of("from", "to", "interval");

	private final MessageStats stats;

	private final StatsGeneration generation;

	private final ReactiveStringRedisTemplate redis;

	private final JsonMapper json;

	StatsController(MessageStats stats, StatsGeneration generation, ReactiveStringRedisTemplate redis,
			JsonMapper json) {
		this.stats = stats;
		this.generation = generation;
		this.redis = redis;
		this.json = json;
	}

	@Operation(operationId = "getMessageStats", summary = "Message statistics for a period",
			description = "Sent, delivered, read and failed counts, rates, top error codes and messages per pricing category between from and to, by interval; cached for 30 s and refreshed by every status change.")
	@GetMapping(path = "/api/v1/messages/stats", produces = MediaType.APPLICATION_JSON_VALUE)
	Mono<StatsView> stats(@RequestParam(required = false) String from, @RequestParam(required = false) String to,
			@RequestParam(required = false) String interval, @AuthenticationPrincipal Jwt token,
			ServerWebExchange exchange) {
		String tenantId = Caller.of(token).tenantId();
		QueryParameters.onlyKnown(exchange.getRequest().getQueryParams().keySet(), PARAMETERS);
		Instant toInstant = QueryParameters.instant("to", to);
		Instant fromInstant = QueryParameters.instant("from", from);
		String bucket = QueryParameters.oneOf("interval", interval, INTERVALS);
		Instant end = (toInstant != null) ? toInstant : Instant.now();
		Instant start = (fromInstant != null) ? fromInstant : end.minus(Duration.ofDays(1));
		String step = (bucket != null) ? bucket : "hour";
		if (!start.isBefore(end)) {
			return Mono.error(ApiProblem.validationFailed(List.of(new FieldProblem("from", "must be before 'to'"))));
		}
		// "Up to now" is one cache entry, not one per instant: within the 30 s an entry
		// lives, any status change moves the generation and so the key.
		String period = ((fromInstant != null) ? start.toString() : "day-before") + ":"
				+ ((toInstant != null) ? end : "now");
		return this.generation.current(tenantId)
			.onErrorReturn("unavailable")
			.flatMap((gen) -> cached(tenantId, gen, period, this.stats.compute(tenantId, start, end, step), step));
	}

	private Mono<StatsView> cached(String tenantId, String gen, String period, Mono<StatsView> computed,
			String interval) {
		if ("unavailable".equals(gen)) {
			return computed;
		}
		String key = "sb:stats:" + tenantId + ":" + gen + ":" + period + ":" + interval;
		// Every Redis command is sent from a worker: writing to Lettuce's shared
		// connection
		// takes a lock, and waiting for it must not park an event loop.
		return this.redis.opsForValue()
			.get(key)
			.subscribeOn(Schedulers.boundedElastic())
			.map((hit) -> this.json.readValue(hit, StatsView.class))
			.onErrorResume((ex) -> {
				log.debug("Statistics cache unreadable: {}", ex.toString());
				return Mono.empty();
			})
			.switchIfEmpty(Mono.defer(() -> computed.flatMap((view) -> this.redis.opsForValue()
				.set(key, this.json.writeValueAsString(view), CACHE_FOR)
				.subscribeOn(Schedulers.boundedElastic())
				.onErrorReturn(false)
				.thenReturn(view))));
	}

}
