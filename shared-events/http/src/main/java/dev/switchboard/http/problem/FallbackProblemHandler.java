package dev.switchboard.http.problem;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import reactor.core.publisher.Mono;

import org.springframework.core.annotation.Order;
import org.springframework.http.HttpStatus;
import org.springframework.http.HttpStatusCode;
import org.springframework.web.server.ResponseStatusException;
import org.springframework.web.server.ServerWebExchange;
import org.springframework.web.server.WebExceptionHandler;

/**
 * Last resort for failures no handler method saw (filters, unmatched routes): a problem
 * response instead of the default error JSON, and never a stack trace.
 */
@Order(-2)
class FallbackProblemHandler implements WebExceptionHandler {

	private static final Logger log = LoggerFactory.getLogger(FallbackProblemHandler.class);

	private final ProblemWriter problems;

	FallbackProblemHandler(ProblemWriter problems) {
		this.problems = problems;
	}

	@Override
	public Mono<Void> handle(ServerWebExchange exchange, Throwable ex) {
		if (exchange.getResponse().isCommitted()) {
			return Mono.error(ex);
		}
		if (ex instanceof ResponseStatusException statusException) {
			HttpStatusCode status = statusException.getStatusCode();
			String detail = (statusException.getReason() != null) ? statusException.getReason()
					: HttpStatus.valueOf(status.value()).getReasonPhrase();
			return this.problems.write(exchange, status, Problems.codeFor(status), detail);
		}
		log.error("Request {} {} failed", exchange.getRequest().getMethod(), exchange.getRequest().getPath(), ex);
		return this.problems.write(exchange, HttpStatus.INTERNAL_SERVER_ERROR, "INTERNAL_ERROR",
				"The request could not be processed");
	}

}
