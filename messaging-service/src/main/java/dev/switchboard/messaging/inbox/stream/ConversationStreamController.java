package dev.switchboard.messaging.inbox.stream;

import java.time.Duration;

import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.tags.Tag;
import reactor.core.publisher.Flux;

import org.springframework.http.MediaType;
import org.springframework.http.codec.ServerSentEvent;
import org.springframework.security.core.annotation.AuthenticationPrincipal;
import org.springframework.security.oauth2.jwt.Jwt;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RequestHeader;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.server.ServerWebExchange;

/**
 * {@code GET /api/v1/conversations/stream}: the caller's conversation changes as
 * Server-Sent Events ({@code conversation}, id = position, data = the
 * {@code ConversationChanged} event), {@code ready} once registered, {@code reset} when a
 * {@code Last-Event-ID} cannot be resumed, {@code dropped} before a slow client is
 * disconnected, and a comment every heartbeat.
 */
@Tag(name = "Conversations",
		description = "The inbox: the tenant's conversations, their timelines and what agents do to them.")
@RestController
class ConversationStreamController {

	/** How long a browser waits before reconnecting (the SSE {@code retry} field). */
	private static final Duration RETRY = Duration.ofSeconds(2);

	private final Audiences audiences;

	private final ChangeFeed feed;

	private final StreamProperties properties;

	ConversationStreamController(Audiences audiences, ChangeFeed feed, StreamProperties properties) {
		this.audiences = audiences;
		this.feed = feed;
		this.properties = properties;
	}

	@Operation(operationId = "streamConversationChanges", summary = "Follow conversation changes",
			description = "The caller's conversation changes as Server-Sent Events: conversation events, ready once registered, reset when a Last-Event-ID cannot be resumed, dropped before a slow client is disconnected, and a heartbeat comment.")
	@GetMapping(path = "/api/v1/conversations/stream", produces = MediaType.TEXT_EVENT_STREAM_VALUE)
	Flux<ServerSentEvent<String>> stream(@RequestHeader(name = "Last-Event-ID", required = false) String lastEventId,
			@AuthenticationPrincipal Jwt token, ServerWebExchange exchange) {
		// Proxies that buffer (nginx) pass the stream through as it is written.
		exchange.getResponse().getHeaders().set("X-Accel-Buffering", "no");
		exchange.getResponse().getHeaders().setCacheControl("no-cache");
		Flux<ServerSentEvent<String>> heartbeats = Flux.interval(this.properties.heartbeat())
			.onBackpressureDrop()
			.map((tick) -> ServerSentEvent.<String>builder().comment("heartbeat").build());
		return this.audiences.of(token)
			.flatMapMany((audience) -> this.feed.open(audience, lastEventId))
			.map(ConversationStreamController::event)
			.mergeWith(heartbeats)
			.takeUntil((event) -> "dropped".equals(event.event()));
	}

	private static ServerSentEvent<String> event(StreamEvent event) {
		if (event instanceof StreamEvent.Change change) {
			return ServerSentEvent.<String>builder()
				.id(change.change().at().id())
				.event("conversation")
				.data(change.change().payload())
				.build();
		}
		if (event instanceof StreamEvent.Reset reset) {
			return ServerSentEvent.<String>builder().event("reset").data(reason(reset.reason())).build();
		}
		if (event instanceof StreamEvent.Dropped dropped) {
			return ServerSentEvent.<String>builder().event("dropped").data(reason(dropped.reason())).build();
		}
		return ServerSentEvent.<String>builder().event("ready").data("{}").retry(RETRY).build();
	}

	private static String reason(String reason) {
		return "{\"reason\":\"" + reason + "\"}";
	}

}
