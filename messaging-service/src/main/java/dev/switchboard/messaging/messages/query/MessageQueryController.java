package dev.switchboard.messaging.messages.query;

import java.util.Optional;
import java.util.UUID;

import dev.switchboard.messaging.security.Caller;
import dev.switchboard.messaging.web.ApiProblem;
import reactor.core.publisher.Mono;

import org.springframework.http.MediaType;
import org.springframework.security.core.annotation.AuthenticationPrincipal;
import org.springframework.security.oauth2.jwt.Jwt;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RestController;

/** {@code GET /api/v1/messages/{id}}: a message of the caller's tenant. */
@RestController
class MessageQueryController {

	private final MessageQueries queries;

	MessageQueryController(MessageQueries queries) {
		this.queries = queries;
	}

	/** Another tenant's message is answered exactly like a missing one. */
	@GetMapping(path = "/api/v1/messages/{id}", produces = MediaType.APPLICATION_JSON_VALUE)
	Mono<MessageView> message(@PathVariable String id, @AuthenticationPrincipal Jwt token) {
		String tenantId = Caller.of(token).tenantId();
		return Mono.justOrEmpty(parse(id))
			.flatMap((uuid) -> this.queries.find(tenantId, uuid))
			.switchIfEmpty(Mono.error(() -> ApiProblem.notFound("No such message")));
	}

	private static Optional<UUID> parse(String id) {
		try {
			return Optional.of(UUID.fromString(id));
		}
		catch (IllegalArgumentException ex) {
			return Optional.empty();
		}
	}

}
