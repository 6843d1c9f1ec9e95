package dev.switchboard.ingest.whatsapp;

import java.util.Map;

import dev.switchboard.http.CorrelationIdFilter;
import dev.switchboard.ingest.IngestProperties;
import dev.switchboard.ingest.channels.ChannelDirectory;
import dev.switchboard.ingest.web.BodyPermits;
import dev.switchboard.ingest.web.ProblemException;
import dev.switchboard.ingest.web.RawBody;
import dev.switchboard.ingest.whatsapp.derivation.RawArchive;
import dev.switchboard.ingest.whatsapp.signature.SignatureVerifier;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.tags.Tag;
import reactor.core.publisher.Mono;

import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.InvalidMediaTypeException;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.http.server.reactive.ServerHttpRequest;
import org.springframework.util.unit.DataSize;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.server.ServerWebExchange;

/**
 * Meta's WhatsApp Cloud API webhook: the subscription handshake (GET) and event
 * notifications (POST).
 */
@Tag(name = "WhatsApp webhooks",
		description = "Meta's WhatsApp Cloud API webhook: subscription handshake and event notifications.")
@RestController
@RequestMapping("/webhooks/whatsapp")
class WhatsAppWebhookController {

	private static final String SUBSCRIBE = "subscribe";

	private final ChannelDirectory channels;

	private final WhatsAppIngest ingest;

	private final DataSize maxBodySize;

	private final BodyPermits permits;

	WhatsAppWebhookController(ChannelDirectory channels, WhatsAppIngest ingest, IngestProperties properties,
			BodyPermits permits) {
		this.permits = permits;
		this.channels = channels;
		this.ingest = ingest;
		this.maxBodySize = properties.maxBodySize();
	}

	/** Echoes the challenge when the verify token is one of a configured channel. */
	@Operation(operationId = "verifyWhatsAppSubscription", summary = "Subscription handshake",
			description = "Echoes hub.challenge when hub.verify_token is one of a configured channel; 403 otherwise.")
	@GetMapping
	ResponseEntity<String> verifySubscription(@RequestParam(name = "hub.mode", required = false) String mode,
			@RequestParam(name = "hub.verify_token", required = false) String verifyToken,
			@RequestParam(name = "hub.challenge", required = false) String challenge) {
		if (!SUBSCRIBE.equals(mode) || !this.channels.acceptsVerifyToken(verifyToken)) {
			throw new ProblemException(HttpStatus.FORBIDDEN, "VERIFY_TOKEN_MISMATCH",
					"hub.mode must be subscribe and hub.verify_token a configured verify token");
		}
		if (challenge == null) {
			throw new ProblemException(HttpStatus.BAD_REQUEST, "VALIDATION_FAILED", "hub.challenge is required");
		}
		return ResponseEntity.ok()
			.contentType(MediaType.TEXT_PLAIN)
			.header("X-Content-Type-Options", "nosniff")
			.body(challenge);
	}

	/** Answers 200 only once every event of the body is durable in Kafka. */
	@Operation(operationId = "receiveWhatsAppWebhook", summary = "Event notifications",
			description = "Meta's signed notifications (X-Hub-Signature-256 over the raw body); answers 200 only once every event of the body is durable in Kafka.")
	@PostMapping
	Mono<ResponseEntity<Void>> receive(ServerWebExchange exchange) {
		ServerHttpRequest request = exchange.getRequest();
		if (!isJson(request.getHeaders())) {
			return Mono.error(new ProblemException(HttpStatus.UNSUPPORTED_MEDIA_TYPE, "UNSUPPORTED_MEDIA_TYPE",
					"Content-Type must be application/json"));
		}
		HttpHeaders headers = request.getHeaders();
		String signature = headers.getFirst(SignatureVerifier.HEADER);
		Map<String, String> archived = RawArchive.headers(signature, headers.getFirst(HttpHeaders.CONTENT_TYPE),
				headers.getFirst(HttpHeaders.USER_AGENT));
		String correlationId = CorrelationIdFilter.correlationId(exchange);
		return this.permits
			.withPermit(() -> RawBody.read(request, this.maxBodySize)
				.flatMap((body) -> this.ingest.ingest(body, signature, archived, correlationId)))
			.then(Mono.fromSupplier(() -> ResponseEntity.ok().<Void>build()));
	}

	private static boolean isJson(HttpHeaders headers) {
		try {
			MediaType contentType = headers.getContentType();
			return contentType != null && MediaType.APPLICATION_JSON.equalsTypeAndSubtype(contentType);
		}
		catch (InvalidMediaTypeException ex) {
			return false;
		}
	}

}
