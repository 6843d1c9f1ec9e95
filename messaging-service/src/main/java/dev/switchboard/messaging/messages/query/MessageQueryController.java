package dev.switchboard.messaging.messages.query;

import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.List;
import java.util.UUID;

import dev.switchboard.events.web.problem.ApiProblem;
import dev.switchboard.events.web.problem.ApiProblem.FieldProblem;
import dev.switchboard.events.web.security.Caller;
import reactor.core.publisher.Mono;

import org.springframework.http.MediaType;
import org.springframework.security.core.annotation.AuthenticationPrincipal;
import org.springframework.security.oauth2.jwt.Jwt;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/**
 * Messages of the caller's tenant: by id (or the requesting service's id), by wamid, and
 * a filtered, cursor-paginated list. Another tenant's message is answered exactly like a
 * missing one.
 */
@RestController
class MessageQueryController {

	private static final int DEFAULT_LIMIT = 50;

	private static final int MAX_LIMIT = 200;

	private final MessageQueries queries;

	MessageQueryController(MessageQueries queries) {
		this.queries = queries;
	}

	@GetMapping(path = "/api/v1/messages/{id}", produces = MediaType.APPLICATION_JSON_VALUE)
	Mono<MessageView> message(@PathVariable String id, @AuthenticationPrincipal Jwt token) {
		String tenantId = Caller.of(token).tenantId();
		Mono<MessageView> found;
		try {
			found = this.queries.find(tenantId, UUID.fromString(id));
		}
		catch (IllegalArgumentException ex) {
			found = this.queries.findByClientId(tenantId, id);
		}
		return found.switchIfEmpty(Mono.error(() -> ApiProblem.notFound("No such message")));
	}

	/**
	 * A query parameter, not a path segment: wamids are base64 and may hold {@code /},
	 * which an encoded path refuses.
	 */
	@GetMapping(path = "/api/v1/messages/by-wamid", produces = MediaType.APPLICATION_JSON_VALUE)
	Mono<MessageView> byWamid(@RequestParam String wamid, @AuthenticationPrincipal Jwt token) {
		return this.queries.findByWamid(Caller.of(token).tenantId(), wamid)
			.switchIfEmpty(Mono.error(() -> ApiProblem.notFound("No message with that wamid")));
	}

	@GetMapping(path = "/api/v1/messages", produces = MediaType.APPLICATION_JSON_VALUE)
	Mono<MessageView.Page> list(@RequestParam(required = false) String status,
			@RequestParam(required = false) String channelId, @RequestParam(required = false) String recipient,
			@RequestParam(required = false) String correlationId, @RequestParam(required = false) String wamid,
			@RequestParam(required = false) String since, @RequestParam(required = false) String until,
			@RequestParam(required = false) String cursor, @RequestParam(required = false) Integer limit,
			@AuthenticationPrincipal Jwt token) {
		return Mono
			.fromCallable(() -> filter(status, channelId, recipient, correlationId, wamid, since, until, cursor, limit))
			.flatMap((filter) -> this.queries.list(Caller.of(token).tenantId(), filter));
	}

	private static MessageFilter filter(String status, String channelId, String recipient, String correlationId,
			String wamid, String since, String until, String cursor, Integer limit) {
		int size = (limit != null) ? limit : DEFAULT_LIMIT;
		if (size < 1 || size > MAX_LIMIT) {
			throw ApiProblem.validationFailed(List.of(new FieldProblem("limit", "must be between 1 and " + MAX_LIMIT)));
		}
		try {
			MessageQueries.Cursor.decode(cursor);
		}
		catch (RuntimeException ex) {
			throw ApiProblem.validationFailed(List.of(new FieldProblem("cursor", "is not a cursor of this list")));
		}
		String normalisedRecipient = (recipient != null && !recipient.startsWith("+")) ? "+" + recipient.strip()
				: recipient;
		return new MessageFilter(status, channelId, normalisedRecipient, correlationId, wamid, instant("since", since),
				instant("until", until), cursor, size);
	}

	static Instant instant(String field, String value) {
		if (value == null) {
			return null;
		}
		try {
			return Instant.parse(value);
		}
		catch (DateTimeParseException ex) {
			throw ApiProblem.validationFailed(
					List.of(new FieldProblem(field, "must be an ISO-8601 instant, e.g. 2026-01-01T00:00:00Z")));
		}
	}

}
