package dev.switchboard.messaging.messages.query;

import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;

import dev.switchboard.http.problem.ApiProblem;
import dev.switchboard.http.problem.QueryParameters;
import dev.switchboard.http.security.Caller;
import dev.switchboard.messaging.messages.send.PhoneNumbers;
import dev.switchboard.messaging.messages.status.fold.MessageStatus;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.tags.Tag;
import reactor.core.publisher.Mono;

import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.security.core.annotation.AuthenticationPrincipal;
import org.springframework.security.oauth2.jwt.Jwt;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.server.ServerWebExchange;

/**
 * Messages of the caller's tenant: by id (or the requesting service's id), by wamid, and
 * a filtered, cursor-paginated list. Another tenant's message is answered exactly like a
 * missing one.
 */
@Tag(name = "Messages", description = "Messages of the caller's tenant: sending, reading and listing them.")
@RestController
class MessageQueryController {

	private static final int DEFAULT_LIMIT = 50;

	private static final int MAX_LIMIT = 200;

	private static final List<String> STATUSES = Arrays.stream(MessageStatus.values())
		.map(MessageStatus::value)
		.toList();

	private static final Set<String> LIST_PARAMETERS = Set.of("status", "channelId", "recipient", "correlationId",
			"wamid", "since", "until", "cursor", "limit");

	private final MessageQueries queries;

	MessageQueryController(MessageQueries queries) {
		this.queries = queries;
	}

	@Operation(operationId = "getMessage", summary = "Get a message",
			description = "One message of the tenant with its status history, by its id (or the id the requesting service gave it). Another tenant's message is 404, like a missing one.")
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
	@Operation(operationId = "getMessageByWamid", summary = "Get a message by its WhatsApp id",
			description = "One message of the tenant by the wamid WhatsApp gave it; a query parameter, since wamids may hold a slash.")
	@GetMapping(path = "/api/v1/messages/by-wamid", produces = MediaType.APPLICATION_JSON_VALUE)
	Mono<MessageView> byWamid(@RequestParam String wamid, @AuthenticationPrincipal Jwt token) {
		return this.queries.findByWamid(Caller.of(token).tenantId(), wamid)
			.switchIfEmpty(Mono.error(() -> ApiProblem.notFound("No message with that wamid")));
	}

	@Operation(operationId = "listMessages", summary = "List messages",
			description = "The tenant's messages, newest first, filtered by status, channel, recipient, correlation id, wamid and time, cursor paginated. Every parameter is read strictly: one that cannot be used is a 400.")
	@GetMapping(path = "/api/v1/messages", produces = MediaType.APPLICATION_JSON_VALUE)
	Mono<MessageView.Page> list(@RequestParam(required = false) String status,
			@RequestParam(required = false) String channelId, @RequestParam(required = false) String recipient,
			@RequestParam(required = false) String correlationId, @RequestParam(required = false) String wamid,
			@RequestParam(required = false) String since, @RequestParam(required = false) String until,
			@RequestParam(required = false) String cursor, @RequestParam(required = false) String limit,
			@AuthenticationPrincipal Jwt token, ServerWebExchange exchange) {
		return Mono.fromCallable(() -> {
			QueryParameters.onlyKnown(exchange.getRequest().getQueryParams().keySet(), LIST_PARAMETERS);
			return filter(status, channelId, recipient, correlationId, wamid, since, until, cursor, limit);
		}).flatMap((filter) -> this.queries.list(Caller.of(token).tenantId(), filter));
	}

	/**
	 * Every parameter read strictly: one that cannot be used is a 400, never ignored (an
	 * ignored filter would answer more messages than asked for).
	 */
	private static MessageFilter filter(String status, String channelId, String recipient, String correlationId,
			String wamid, String since, String until, String cursor, String limit) {
		int size = QueryParameters.limit(limit, DEFAULT_LIMIT, MAX_LIMIT);
		String after = QueryParameters.absent(cursor) ? null : cursor;
		try {
			MessageQueries.Cursor.decode(after);
		}
		catch (RuntimeException ex) {
			throw ApiProblem.invalidParameter("cursor",
					"'cursor' is not a cursor of this list: pass the nextCursor of the previous page");
		}
		return new MessageFilter(QueryParameters.oneOf("status", status, STATUSES), blankToNull(channelId),
				recipient(recipient), blankToNull(correlationId), blankToNull(wamid),
				QueryParameters.instant("since", since), QueryParameters.instant("until", until), after, size);
	}

	/**
	 * The recipient in E.164; given with its country code, with or without {@code +} (a
	 * {@code +} sent unencoded in a query string arrives as a space).
	 */
	private static String recipient(String recipient) {
		if (QueryParameters.absent(recipient)) {
			return null;
		}
		String trimmed = recipient.strip();
		String international = (trimmed.startsWith("+") || trimmed.startsWith("00")) ? trimmed : "+" + trimmed;
		return PhoneNumbers.toE164(international)
			.orElseThrow(() -> new ApiProblem(HttpStatus.BAD_REQUEST, "INVALID_PHONE",
					"'recipient' is not a valid phone number with its country code, e.g. +972500000001",
					Map.of("field", "recipient")));
	}

	private static String blankToNull(String value) {
		return QueryParameters.absent(value) ? null : value;
	}

}
