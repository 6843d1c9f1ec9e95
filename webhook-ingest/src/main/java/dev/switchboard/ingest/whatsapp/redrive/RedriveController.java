package dev.switchboard.ingest.whatsapp.redrive;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.time.Instant;
import java.time.format.DateTimeParseException;

import dev.switchboard.ingest.web.ProblemException;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.tags.Tag;
import reactor.core.publisher.Mono;
import reactor.core.scheduler.Schedulers;

import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestHeader;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/**
 * {@code POST /admin/redrive?from=<instant>&to=<instant>&topic=raw|unrouted}: re-derives
 * the events of a time range from the raw archive, or routes parked changes whose channel
 * exists by now. Operator only: bearer token {@code switchboard.ingest.redrive.token};
 * without a token configured the endpoint answers 404. Answers once done, with counts.
 */
@Tag(name = "Re-drive", description = "Operator re-drive of archived or parked WhatsApp webhooks.")
@RestController
class RedriveController {

	private static final String BEARER = "Bearer ";

	private final Redrive redrive;

	private final byte[] token;

	RedriveController(Redrive redrive, RedriveProperties properties) {
		this.redrive = redrive;
		this.token = (properties.token() != null) ? properties.token().getBytes(StandardCharsets.UTF_8) : null;
	}

	@Operation(operationId = "redriveWebhooks", summary = "Re-drive webhooks",
			description = "Re-derives the events of a time range from the raw archive, or routes parked changes whose channel exists by now. Operator only (bearer token); answers once done, with counts.")
	@PostMapping("/admin/redrive")
	Mono<Redrive.Report> redrive(@RequestParam(required = false) String from, @RequestParam(required = false) String to,
			@RequestParam(defaultValue = "raw") String topic,
			@RequestHeader(name = HttpHeaders.AUTHORIZATION, required = false) String authorization) {
		authorize(authorization);
		Instant start = instant("from", from);
		Instant end = instant("to", to);
		if (!end.isAfter(start)) {
			throw new ProblemException(HttpStatus.BAD_REQUEST, "VALIDATION_FAILED", "to must be after from");
		}
		return switch (topic) {
			case "raw" ->
				Mono.fromCallable(() -> this.redrive.fromRaw(start, end)).subscribeOn(Schedulers.boundedElastic());
			case "unrouted" ->
				Mono.fromCallable(() -> this.redrive.fromUnrouted(start, end)).subscribeOn(Schedulers.boundedElastic());
			default -> throw new ProblemException(HttpStatus.BAD_REQUEST, "VALIDATION_FAILED",
					"topic must be raw or unrouted");
		};
	}

	private void authorize(String authorization) {
		if (this.token == null) {
			throw new ProblemException(HttpStatus.NOT_FOUND, "NOT_FOUND", "No such endpoint");
		}
		byte[] presented = (authorization != null && authorization.startsWith(BEARER))
				? authorization.substring(BEARER.length()).getBytes(StandardCharsets.UTF_8) : new byte[0];
		if (!MessageDigest.isEqual(presented, this.token)) {
			throw new ProblemException(HttpStatus.UNAUTHORIZED, "UNAUTHORIZED", "A valid operator token is required");
		}
	}

	private static Instant instant(String name, String value) {
		if (value == null) {
			throw new ProblemException(HttpStatus.BAD_REQUEST, "VALIDATION_FAILED",
					name + " is required (ISO-8601 instant, e.g. 2026-11-23T10:00:00Z)");
		}
		try {
			return Instant.parse(value);
		}
		catch (DateTimeParseException ex) {
			throw new ProblemException(HttpStatus.BAD_REQUEST, "VALIDATION_FAILED",
					name + " must be an ISO-8601 instant, e.g. 2026-11-23T10:00:00Z");
		}
	}

}
