package dev.switchboard.ingest.web;

import java.net.URI;
import java.time.Duration;
import java.util.Map;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import reactor.core.publisher.Mono;

import org.springframework.core.io.buffer.DataBufferLimitException;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.HttpStatusCode;
import org.springframework.http.ProblemDetail;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.RestControllerAdvice;
import org.springframework.web.reactive.result.method.annotation.ResponseEntityExceptionHandler;
import org.springframework.web.server.ServerWebExchange;

/**
 * Turns every error into {@code application/problem+json} with a stable {@code code}; no
 * stack trace ever leaves the service.
 */
@RestControllerAdvice
class ProblemAdvice extends ResponseEntityExceptionHandler {

	private static final Logger log = LoggerFactory.getLogger(ProblemAdvice.class);

	/** Codes of the errors Spring raises itself (routing, negotiation, binding). */
	private static final Map<Integer, String> CODES_BY_STATUS = Map.of(400, "VALIDATION_FAILED", 404, "NOT_FOUND", 405,
			"METHOD_NOT_ALLOWED", 406, "NOT_ACCEPTABLE", 413, "PAYLOAD_TOO_LARGE", 415, "UNSUPPORTED_MEDIA_TYPE", 503,
			"TEMPORARILY_UNAVAILABLE");

	static final Duration UNEXPECTED_RETRY_AFTER = Duration.ofSeconds(5);

	@ExceptionHandler(ProblemException.class)
	Mono<ResponseEntity<ProblemDetail>> handleProblem(ProblemException ex, ServerWebExchange exchange) {
		return Mono.just(problem(ex.status(), ex.code(), ex.getMessage(), ex.retryAfter(), exchange));
	}

	@ExceptionHandler(DataBufferLimitException.class)
	Mono<ResponseEntity<ProblemDetail>> handleTooLarge(DataBufferLimitException ex, ServerWebExchange exchange) {
		return Mono.just(problem(HttpStatus.CONTENT_TOO_LARGE, "PAYLOAD_TOO_LARGE", "The request body is too large",
				null, exchange));
	}

	/**
	 * Anything unexpected: nothing was acknowledged, so the sender is asked to retry
	 * later rather than told the request is broken.
	 */
	@ExceptionHandler(Exception.class)
	Mono<ResponseEntity<ProblemDetail>> handleUnexpected(Exception ex, ServerWebExchange exchange) {
		log.error("Unexpected failure on {} {}", exchange.getRequest().getMethod(), exchange.getRequest().getPath(),
				ex);
		return Mono.just(problem(HttpStatus.SERVICE_UNAVAILABLE, "TEMPORARILY_UNAVAILABLE",
				"The request could not be processed, retry later", UNEXPECTED_RETRY_AFTER, exchange));
	}

	@Override
	protected Mono<ResponseEntity<Object>> createResponseEntity(Object body, HttpHeaders headers, HttpStatusCode status,
			ServerWebExchange exchange) {
		if (body instanceof ProblemDetail detail) {
			if (detail.getProperties() == null || !detail.getProperties().containsKey("code")) {
				detail.setProperty("code", CODES_BY_STATUS.getOrDefault(status.value(), "REQUEST_FAILED"));
			}
			if (detail.getInstance() == null) {
				detail.setInstance(URI.create(exchange.getRequest().getPath().value()));
			}
		}
		return super.createResponseEntity(body, headers, status, exchange);
	}

	static ResponseEntity<ProblemDetail> problem(HttpStatus status, String code, String detail, Duration retryAfter,
			ServerWebExchange exchange) {
		ProblemDetail problem = ProblemDetail.forStatusAndDetail(status, detail);
		problem.setProperty("code", code);
		problem.setInstance(URI.create(exchange.getRequest().getPath().value()));
		ResponseEntity.BodyBuilder response = ResponseEntity.status(status);
		if (retryAfter != null) {
			response.header(HttpHeaders.RETRY_AFTER, Long.toString(retryAfter.toSeconds()));
		}
		return response.body(problem);
	}

}
