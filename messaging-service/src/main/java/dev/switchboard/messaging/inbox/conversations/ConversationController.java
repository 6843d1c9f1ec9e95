package dev.switchboard.messaging.inbox.conversations;

import java.net.URI;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;

import com.fasterxml.jackson.annotation.JsonInclude;
import dev.switchboard.http.CorrelationIdFilter;
import dev.switchboard.http.problem.ApiProblem;
import dev.switchboard.http.problem.ApiProblem.FieldProblem;
import dev.switchboard.http.problem.QueryParameters;
import dev.switchboard.http.security.Caller;
import dev.switchboard.http.security.InternalTokens;
import dev.switchboard.messaging.inbox.agents.InboxCallers;
import dev.switchboard.messaging.inbox.conversations.ConversationActions.Actor;
import dev.switchboard.messaging.inbox.conversations.ConversationActions.Written;
import dev.switchboard.messaging.inbox.sla.SlaState;
import dev.switchboard.messaging.inbox.timeline.Timeline;
import dev.switchboard.messaging.inbox.timeline.TimelineEntry;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.tags.Tag;
import reactor.core.publisher.Mono;

import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.security.core.annotation.AuthenticationPrincipal;
import org.springframework.security.oauth2.jwt.Jwt;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PatchMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestHeader;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.server.ServerWebExchange;

/**
 * The inbox API: the tenant's conversations (list, counts, one, its timeline) and what
 * agents do to them. Another tenant's conversation is answered like a missing one.
 */
@Tag(name = "Conversations",
		description = "The inbox: the tenant's conversations, their timelines and what agents do to them.")
@RestController
class ConversationController {

	/** The token claim naming the agent a key is bound to (none: an integration). */
	static final String AGENT_CLAIM = InternalTokens.AGENT_ID;

	private static final int DEFAULT_LIMIT = 25;

	private static final int MAX_LIMIT = 100;

	private static final int DEFAULT_TIMELINE_LIMIT = 50;

	private static final int MAX_TIMELINE_LIMIT = 200;

	private static final int MAX_TAGS = 20;

	private static final int MAX_TAG_LENGTH = 50;

	private static final Set<String> LIST_PARAMETERS = Set.of("status", "assignee", "tag", "queueId", "priority",
			"unread", "q", "cursor", "limit", "slaState");

	private static final List<String> STATUSES = Arrays.stream(ConversationStatus.values()).map(Enum::name).toList();

	private static final List<String> SLA_STATES = Arrays.stream(SlaState.values()).map(Enum::name).toList();

	private static final List<String> PRIORITIES = Arrays.stream(Priority.values()).map(Enum::name).toList();

	private final ConversationStore store;

	private final ConversationQueries queries;

	private final ConversationActions actions;

	private final Timeline timeline;

	private final InboxCallers callers;

	private final ConversationTags tags;

	ConversationController(ConversationStore store, ConversationQueries queries, ConversationActions actions,
			Timeline timeline, InboxCallers callers, ConversationTags tags) {
		this.callers = callers;
		this.tags = tags;
		this.store = store;
		this.queries = queries;
		this.actions = actions;
		this.timeline = timeline;
	}

	@Operation(operationId = "listConversations", summary = "List conversations",
			description = "The tenant's conversations filtered by status, assignee, queue, tag, priority, unread, SLA state or a search text, cursor paginated.")
	@GetMapping(path = "/api/v1/conversations", produces = MediaType.APPLICATION_JSON_VALUE)
	Mono<ConversationView.Page> list(@RequestParam(required = false) String status,
			@RequestParam(required = false) String assignee, @RequestParam(required = false) String tag,
			@RequestParam(required = false) String priority, @RequestParam(required = false) String unread,
			@RequestParam(required = false) String q, @RequestParam(required = false) String cursor,
			@RequestParam(required = false) String limit, @RequestParam(required = false) String slaState,
			@RequestParam(required = false) String queueId, @AuthenticationPrincipal Jwt token,
			ServerWebExchange exchange) {
		return Mono.fromCallable(() -> {
			QueryParameters.onlyKnown(exchange.getRequest().getQueryParams().keySet(), LIST_PARAMETERS);
			String agent = null;
			boolean unassigned = false;
			if (!QueryParameters.absent(assignee)) {
				if ("unassigned".equals(assignee)) {
					unassigned = true;
				}
				else {
					agent = "me".equals(assignee) ? agentOf(token, "assignee") : assignee;
				}
			}
			return new ConversationFilter(statuses(status), agent, unassigned,
					QueryParameters.absent(tag) ? null : tag.strip(), queueParameter(queueId),
					QueryParameters.absent(priority) ? null
							: Priority.valueOf(QueryParameters.oneOf("priority", priority, PRIORITIES)),
					QueryParameters.absent(unread) ? null
							: Boolean.valueOf(QueryParameters.oneOf("unread", unread, List.of("true", "false"))),
					QueryParameters.absent(q) ? null : q.strip(), slaStates(slaState),
					ConversationFilter.Cursor.decode(cursor), QueryParameters.limit(limit, DEFAULT_LIMIT, MAX_LIMIT));
		}).flatMap((filter) -> this.queries.list(Caller.of(token).tenantId(), filter));
	}

	@Operation(operationId = "countConversations", summary = "Count conversations",
			description = "How many conversations are open, assigned, resolved, archived and unread, and how many are the caller's.")
	@GetMapping(path = "/api/v1/conversations/counts", produces = MediaType.APPLICATION_JSON_VALUE)
	Mono<ConversationView.Counts> counts(@AuthenticationPrincipal Jwt token) {
		return this.queries.counts(Caller.of(token).tenantId(), token.getClaimAsString(AGENT_CLAIM));
	}

	@Operation(operationId = "getConversation", summary = "Get a conversation",
			description = "One conversation of the tenant; another tenant's is 404, like a missing one.")
	@GetMapping(path = "/api/v1/conversations/{id}", produces = MediaType.APPLICATION_JSON_VALUE)
	Mono<ConversationView> conversation(@PathVariable String id, @AuthenticationPrincipal Jwt token) {
		return found(Caller.of(token).tenantId(), id).map(ConversationView::of);
	}

	@Operation(operationId = "listConversationMessages", summary = "A conversation's timeline",
			description = "The messages, notes and events of a conversation, cursor paginated.")
	@GetMapping(path = "/api/v1/conversations/{id}/messages", produces = MediaType.APPLICATION_JSON_VALUE)
	Mono<TimelineEntry.Page> timeline(@PathVariable String id, @RequestParam(required = false) String cursor,
			@RequestParam(required = false) String limit, @AuthenticationPrincipal Jwt token,
			ServerWebExchange exchange) {
		String tenantId = Caller.of(token).tenantId();
		return Mono.fromCallable(() -> {
			QueryParameters.onlyKnown(exchange.getRequest().getQueryParams().keySet(), Set.of("cursor", "limit"));
			return QueryParameters.limit(limit, DEFAULT_TIMELINE_LIMIT, MAX_TIMELINE_LIMIT);
		})
			.flatMap((size) -> found(tenantId, id).flatMap(
					(conversation) -> this.timeline.page(tenantId, conversation.id(), timelineCursor(cursor), size)));
	}

	@Operation(operationId = "resolveConversation", summary = "Resolve a conversation",
			description = "Marks the conversation resolved; an optional version refuses a change of another version with 409.")
	@PostMapping(path = "/api/v1/conversations/{id}/resolve", produces = MediaType.APPLICATION_JSON_VALUE)
	Mono<ConversationView> resolve(@PathVariable String id, @RequestBody(required = false) Map<String, Object> body,
			@AuthenticationPrincipal Jwt token) {
		UUID conversationId = uuid(id);
		Long version = version(body);
		return actor(token).flatMap((actor) -> this.actions.resolve(actor, conversationId, version))
			.map(ConversationView::of);
	}

	@Operation(operationId = "reopenConversation", summary = "Reopen a conversation",
			description = "Opens a resolved conversation again.")
	@PostMapping(path = "/api/v1/conversations/{id}/reopen", produces = MediaType.APPLICATION_JSON_VALUE)
	Mono<ConversationView> reopen(@PathVariable String id, @RequestBody(required = false) Map<String, Object> body,
			@AuthenticationPrincipal Jwt token) {
		UUID conversationId = uuid(id);
		Long version = version(body);
		return actor(token).flatMap((actor) -> this.actions.reopen(actor, conversationId, version))
			.map(ConversationView::of);
	}

	@Operation(operationId = "markConversationRead", summary = "Mark a conversation read",
			description = "Marks the conversation read for the inbox.")
	@PostMapping(path = "/api/v1/conversations/{id}/read", produces = MediaType.APPLICATION_JSON_VALUE)
	Mono<ConversationView> read(@PathVariable String id, @RequestBody(required = false) Map<String, Object> body,
			@AuthenticationPrincipal Jwt token) {
		UUID conversationId = uuid(id);
		Long version = version(body);
		return actor(token).flatMap((actor) -> this.actions.read(actor, conversationId, version))
			.map(ConversationView::of);
	}

	@Operation(operationId = "assignConversation", summary = "Assign a conversation",
			description = "Assigns the conversation to an agent or moves it into a queue.")
	@PostMapping(path = "/api/v1/conversations/{id}/assign", produces = MediaType.APPLICATION_JSON_VALUE)
	Mono<ConversationView> assign(@PathVariable String id, @RequestBody(required = false) Map<String, Object> body,
			@AuthenticationPrincipal Jwt token) {
		Object agentId = (body != null) ? body.get("agentId") : null;
		if (agentId != null && !(agentId instanceof String)) {
			return Mono.error(ApiProblem.validationFailed(List.of(new FieldProblem("agentId", "must be a string"))));
		}
		UUID conversationId = uuid(id);
		Long version = version(body);
		Object queueId = (body != null) ? body.get("queueId") : null;
		if (queueId != null) {
			UUID queue = (queueId instanceof String text) ? parse(text) : null;
			if (agentId != null || queue == null) {
				return Mono.error(ApiProblem
					.validationFailed(List.of(new FieldProblem("queueId", "must be a queue id, without agentId"))));
			}
			return actor(token).flatMap((actor) -> this.actions.queue(actor, conversationId, queue, version))
				.map(ConversationView::of);
		}
		return actor(token).flatMap((actor) -> this.actions.assign(actor, conversationId, (String) agentId, version))
			.map(ConversationView::of);
	}

	@Operation(operationId = "unassignConversation", summary = "Unassign a conversation",
			description = "Takes the conversation away from its agent.")
	@PostMapping(path = "/api/v1/conversations/{id}/unassign", produces = MediaType.APPLICATION_JSON_VALUE)
	Mono<ConversationView> unassign(@PathVariable String id, @RequestBody(required = false) Map<String, Object> body,
			@AuthenticationPrincipal Jwt token) {
		UUID conversationId = uuid(id);
		Long version = version(body);
		return actor(token).flatMap((actor) -> this.actions.unassign(actor, conversationId, version))
			.map(ConversationView::of);
	}

	/**
	 * Priority and tags: {@code {"priority":"HIGH","tags":["visa"],"version":3}}; tags
	 * name catalogue tags (any case), stored in the catalogue's spelling.
	 */
	@Operation(operationId = "updateConversation", summary = "Change priority and tags",
			description = "Sets the priority and the tags (the whole list) of a conversation; tags name catalogue tags in any case.")
	@PatchMapping(path = "/api/v1/conversations/{id}", produces = MediaType.APPLICATION_JSON_VALUE)
	Mono<ConversationView> patch(@PathVariable String id, @RequestBody(required = false) Map<String, Object> body,
			@AuthenticationPrincipal Jwt token) {
		return Mono.fromCallable(() -> classification(body))
			.flatMap((change) -> actor(token).flatMap(
					(actor) -> this.tags.classify(actor, uuid(id), change.priority(), change.tags(), version(body))))
			.map(ConversationView::of);
	}

	/** Adds a catalogue tag: {@code {"name":"visa"}}; one it carries changes nothing. */
	@Operation(operationId = "tagConversation", summary = "Add a tag",
			description = "Adds a catalogue tag to the conversation; one it carries already changes nothing.")
	@PostMapping(path = "/api/v1/conversations/{id}/tags", produces = MediaType.APPLICATION_JSON_VALUE)
	Mono<ConversationView> addTag(@PathVariable String id, @RequestBody(required = false) Map<String, Object> body,
			@AuthenticationPrincipal Jwt token) {
		Object name = (body != null) ? body.get("name") : null;
		if (!(name instanceof String text) || text.isBlank() || text.strip().length() > MAX_TAG_LENGTH) {
			return Mono.error(ApiProblem.validationFailed(
					List.of(new FieldProblem("name", "must be a tag name of 1 to " + MAX_TAG_LENGTH + " characters"))));
		}
		UUID conversationId = uuid(id);
		return actor(token).flatMap((actor) -> this.tags.add(actor, conversationId, text.strip()))
			.map(ConversationView::of);
	}

	/** Removes a tag (any case); one it does not carry changes nothing. */
	@Operation(operationId = "untagConversation", summary = "Remove a tag",
			description = "Removes a tag (any case) from the conversation; one it does not carry changes nothing.")
	@DeleteMapping(path = "/api/v1/conversations/{id}/tags/{name}", produces = MediaType.APPLICATION_JSON_VALUE)
	Mono<ConversationView> removeTag(@PathVariable String id, @PathVariable String name,
			@AuthenticationPrincipal Jwt token) {
		UUID conversationId = uuid(id);
		return actor(token).flatMap((actor) -> this.tags.remove(actor, conversationId, name)).map(ConversationView::of);
	}

	/**
	 * An agent reply (the send API's shape: {@code text}, or {@code type} and its object;
	 * {@code Idempotency-Key} header) or, with {@code "private": true}, a note that never
	 * reaches WhatsApp.
	 */
	@Operation(operationId = "writeConversationMessage", summary = "Reply or write a note",
			description = "An agent reply in the send API's shape (with an Idempotency-Key header), or with private true a note that never reaches WhatsApp.")
	@PostMapping(path = "/api/v1/conversations/{id}/messages", consumes = MediaType.APPLICATION_JSON_VALUE,
			produces = MediaType.APPLICATION_JSON_VALUE)
	Mono<ResponseEntity<WrittenResponse>> write(@PathVariable String id, @RequestBody Map<String, Object> body,
			@RequestHeader(name = "Idempotency-Key", required = false) String idempotencyKey,
			@AuthenticationPrincipal Jwt token, ServerWebExchange exchange) {
		if (body == null) {
			return Mono.error(ApiProblem.validationFailed(List.of(new FieldProblem("body", "must be a JSON object"))));
		}
		Object isPrivate = body.get("private");
		if (isPrivate != null && !(isPrivate instanceof Boolean)) {
			return Mono.error(ApiProblem.validationFailed(List.of(new FieldProblem("private", "must be a boolean"))));
		}
		UUID conversationId = uuid(id);
		Long version = version(body);
		if (Boolean.TRUE.equals(isPrivate)) {
			Object text = body.get("text");
			return actor(token)
				.flatMap((actor) -> this.actions.note(actor, conversationId,
						(text instanceof String note) ? note : null, version))
				.map((written) -> ResponseEntity.status(HttpStatus.CREATED).body(WrittenResponse.of(written, "NOTE")));
		}
		Map<String, Object> message = new LinkedHashMap<>(body);
		message.remove("private");
		message.remove("version");
		String correlationId = CorrelationIdFilter.correlationId(exchange);
		return actor(token).flatMap(
				(actor) -> this.actions.reply(actor, conversationId, message, idempotencyKey, correlationId, version))
			.map((written) -> ResponseEntity.accepted()
				.location(URI.create("/api/v1/messages/" + written.reply().messageId()))
				.body(WrittenResponse.of(written, "OUTBOUND")));
	}

	private Mono<Conversation> found(String tenantId, String id) {
		UUID conversationId = parse(id);
		if (conversationId == null) {
			return Mono.error(ApiProblem.notFound("No such conversation"));
		}
		return this.store.find(tenantId, conversationId)
			.switchIfEmpty(Mono.error(() -> ApiProblem.notFound("No such conversation")));
	}

	/** An id that is no UUID names no conversation: 404, like another tenant's. */
	private static UUID uuid(String id) {
		UUID parsed = parse(id);
		if (parsed == null) {
			throw ApiProblem.notFound("No such conversation");
		}
		return parsed;
	}

	private static UUID parse(String id) {
		try {
			return UUID.fromString(id);
		}
		catch (IllegalArgumentException ex) {
			return null;
		}
	}

	/** The caller with its effective role (a key bound to an unknown agent is 403). */
	private Mono<Actor> actor(Jwt token) {
		return this.callers.of(token).map((caller) -> new Actor(caller.tenantId(), caller.actorId(), caller));
	}

	private static String agentOf(Jwt token, String field) {
		String agent = token.getClaimAsString(AGENT_CLAIM);
		if (agent == null) {
			throw ApiProblem.invalidParameter(field,
					"'me' needs a key bound to an agent; this key acts for the whole tenant");
		}
		return agent;
	}

	/** One or more SLA states, comma-separated; none: all. */
	/** A queue id of the list's filter: a UUID, else 400 {@code INVALID_QUEUE_ID}. */
	private static UUID queueParameter(String raw) {
		if (QueryParameters.absent(raw)) {
			return null;
		}
		UUID queue = parse(raw.strip());
		if (queue == null) {
			throw ApiProblem.invalidParameter("queueId", "'queueId' must be a queue id (a UUID)");
		}
		return queue;
	}

	private static List<SlaState> slaStates(String raw) {
		if (QueryParameters.absent(raw)) {
			return List.of();
		}
		List<SlaState> states = new ArrayList<>();
		for (String value : raw.split(",")) {
			states.add(SlaState.valueOf(QueryParameters.oneOf("slaState", value.strip(), SLA_STATES)));
		}
		return states;
	}

	private static List<ConversationStatus> statuses(String raw) {
		if (QueryParameters.absent(raw)) {
			return List.of();
		}
		List<ConversationStatus> statuses = new ArrayList<>();
		for (String value : raw.split(",")) {
			statuses.add(ConversationStatus.valueOf(QueryParameters.oneOf("status", value.strip(), STATUSES)));
		}
		return statuses;
	}

	private static Long timelineCursor(String cursor) {
		if (QueryParameters.absent(cursor)) {
			return null;
		}
		try {
			return Long.parseLong(cursor);
		}
		catch (NumberFormatException ex) {
			throw ApiProblem.invalidParameter("cursor",
					"'cursor' is not a cursor of this timeline: pass the nextCursor of the previous page");
		}
	}

	/**
	 * The optional {@code version} the caller read: a change of another version is 409.
	 */
	private static Long version(Map<String, Object> body) {
		Object version = (body != null) ? body.get("version") : null;
		if (version == null) {
			return null;
		}
		if (!(version instanceof Number number) || number.longValue() < 0) {
			throw ApiProblem.validationFailed(List.of(new FieldProblem("version", "must be a version number")));
		}
		return number.longValue();
	}

	private static Classification classification(Map<String, Object> body) {
		if (body == null || (!body.containsKey("priority") && !body.containsKey("tags"))) {
			throw ApiProblem.validationFailed(List.of(new FieldProblem("body", "must set priority or tags")));
		}
		List<FieldProblem> problems = new ArrayList<>();
		Priority priority = null;
		Object rawPriority = body.get("priority");
		if (rawPriority != null) {
			if (rawPriority instanceof String value && PRIORITIES.contains(value)) {
				priority = Priority.valueOf(value);
			}
			else {
				problems.add(new FieldProblem("priority", "must be one of " + PRIORITIES));
			}
		}
		List<String> tags = null;
		Object rawTags = body.get("tags");
		if (rawTags != null) {
			if (rawTags instanceof List<?> list && list.size() <= MAX_TAGS
					&& list.stream()
						.allMatch((tag) -> tag instanceof String text && !text.isBlank()
								&& text.strip().length() <= MAX_TAG_LENGTH)) {
				Set<String> unique = new LinkedHashSet<>();
				// Repeats in any case are one tag: the catalogue's spelling decides.
				list.forEach((tag) -> unique.add(((String) tag).strip()));
				tags = List.copyOf(unique);
			}
			else {
				problems.add(new FieldProblem("tags",
						"must be a list of at most " + MAX_TAGS + " tags of 1 to " + MAX_TAG_LENGTH + " characters"));
			}
		}
		if (!problems.isEmpty()) {
			throw ApiProblem.validationFailed(problems);
		}
		return new Classification(priority, tags);
	}

	/**
	 * A change of priority and tags.
	 *
	 * @param priority the new priority, or null to keep it
	 * @param tags the new tags (the whole list), or null to keep them
	 */
	private record Classification(Priority priority, List<String> tags) {
	}

	/**
	 * The answer to a reply or note.
	 *
	 * @param conversationId the conversation
	 * @param entryId the timeline entry
	 * @param kind {@code OUTBOUND} or {@code NOTE}
	 * @param messageId the outbound message of a reply
	 * @param status the reply's status ({@code accepted} when new)
	 * @param repeat whether the idempotency key named an earlier reply
	 * @param version the conversation's version after it
	 */
	@JsonInclude(JsonInclude.Include.NON_NULL)
	record WrittenResponse(String conversationId, String entryId, String kind, String messageId, String status,
			Boolean repeat, long version) {

		static WrittenResponse of(Written written, String kind) {
			return new WrittenResponse(written.conversation().id().toString(), written.entryId().toString(), kind,
					(written.reply() != null) ? written.reply().messageId().toString() : null,
					(written.reply() != null) ? written.reply().status() : null,
					(written.reply() != null) ? written.reply().repeat() : null, written.conversation().version());
		}

	}

}
