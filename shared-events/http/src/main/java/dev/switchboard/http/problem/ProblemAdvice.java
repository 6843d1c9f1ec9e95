package dev.switchboard.http.problem;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import reactor.core.publisher.Mono;

import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.HttpStatusCode;
import org.springframework.http.ProblemDetail;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.RestControllerAdvice;
import org.springframework.web.bind.support.WebExchangeBindException;
import org.springframework.web.reactive.result.method.annotation.ResponseEntityExceptionHandler;
import org.springframework.web.server.MissingRequestValueException;
import org.springframework.web.server.ServerWebExchange;
import org.springframework.web.server.ServerWebInputException;

/**
 * Turns every failure of a handler into {@code application/problem+json} with a
 * {@code code}; unexpected failures become a 500 without internals.
 */
@RestControllerAdvice
class ProblemAdvice extends ResponseEntityExceptionHandler {

	private static final Logger log = LoggerFactory.getLogger(ProblemAdvice.class);

	@ExceptionHandler(ApiProblem.class)
	ResponseEntity<ProblemDetail> apiProblem(ApiProblem problem) {
		return ResponseEntity.status(problem.status()).body(problem.toProblemDetail());
	}

	@ExceptionHandler(Exception.class)
	ResponseEntity<ProblemDetail> unexpected(Exception ex, ServerWebExchange exchange) {
		log.error("Request {} {} failed", exchange.getRequest().getMethod(), exchange.getRequest().getPath(), ex);
		return ResponseEntity.status(HttpStatus.INTERNAL_SERVER_ERROR)
			.body(Problems.of(HttpStatus.INTERNAL_SERVER_ERROR, "INTERNAL_ERROR",
					"The request could not be processed"));
	}

	/**
	 * A body or parameter Spring could not read: {@code MALFORMED_REQUEST} naming the
	 * field and what it must be (or {@code INVALID_<PARAMETER>} for a query parameter of
	 * the wrong type), instead of Spring's bare status text.
	 */
	@Override
	protected Mono<ResponseEntity<Object>> handleServerWebInputException(ServerWebInputException ex,
			HttpHeaders headers, HttpStatusCode status, ServerWebExchange exchange) {
		ApiProblem problem = MalformedRequests.of(ex);
		return handleExceptionInternal(ex, problem.toProblemDetail(), headers, problem.status(), exchange);
	}

	@Override
	protected Mono<ResponseEntity<Object>> handleMissingRequestValueException(MissingRequestValueException ex,
			HttpHeaders headers, HttpStatusCode status, ServerWebExchange exchange) {
		return handleServerWebInputException(ex, headers, status, exchange);
	}

	@Override
	protected Mono<ResponseEntity<Object>> handleExceptionInternal(Exception ex, Object body, HttpHeaders headers,
			HttpStatusCode status, ServerWebExchange exchange) {
		ProblemDetail problem = (body instanceof ProblemDetail detail) ? detail
				: ProblemDetail.forStatusAndDetail(status, status.toString());
		if (problem.getProperties() == null || !problem.getProperties().containsKey(Problems.CODE)) {
			problem.setProperty(Problems.CODE, code(ex, status));
		}
		return super.handleExceptionInternal(ex, problem, headers, status, exchange);
	}

	private static String code(Exception ex, HttpStatusCode status) {
		if (ex instanceof ServerWebInputException && !(ex instanceof WebExchangeBindException)) {
			return "MALFORMED_REQUEST";
		}
		return Problems.codeFor(status);
	}

}
