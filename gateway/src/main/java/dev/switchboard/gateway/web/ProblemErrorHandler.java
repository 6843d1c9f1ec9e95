package dev.switchboard.gateway.web;

import java.net.ConnectException;
import java.net.NoRouteToHostException;
import java.net.URI;
import java.net.UnknownHostException;
import java.util.List;
import java.util.concurrent.TimeoutException;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import reactor.core.publisher.Mono;
import reactor.netty.http.client.PrematureCloseException;

import org.springframework.core.annotation.Order;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.HttpStatusCode;
import org.springframework.http.MediaType;
import org.springframework.http.ProblemDetail;
import org.springframework.http.codec.HttpMessageWriter;
import org.springframework.http.codec.ServerCodecConfigurer;
import org.springframework.stereotype.Component;
import org.springframework.web.reactive.function.server.ServerResponse;
import org.springframework.web.reactive.result.view.ViewResolver;
import org.springframework.web.server.ResponseStatusException;
import org.springframework.web.server.ServerWebExchange;
import org.springframework.web.server.WebExceptionHandler;

/**
 * Turns every failure into an RFC 9457 {@code application/problem+json} answer with a
 * stable {@code code}: the gateway's own rejections, unknown routes, and upstream
 * services that cannot be reached or do not answer in time (503, never a 500 with a stack
 * trace). Runs before Boot's default handler.
 */
@Component
@Order(-2)
class ProblemErrorHandler implements WebExceptionHandler {

	private static final Logger log = LoggerFactory.getLogger(ProblemErrorHandler.class);

	private final ServerResponse.Context context;

	ProblemErrorHandler(ServerCodecConfigurer codecs) {
		List<HttpMessageWriter<?>> writers = codecs.getWriters();
		this.context = new ServerResponse.Context() {

			@Override
			public List<HttpMessageWriter<?>> messageWriters() {
				return writers;
			}

			@Override
			public List<ViewResolver> viewResolvers() {
				return List.of();
			}

		};
	}

	@Override
	public Mono<Void> handle(ServerWebExchange exchange, Throwable failure) {
		if (exchange.getResponse().isCommitted()) {
			return Mono.error(failure);
		}
		Answer answer = answerFor(exchange, failure);
		ProblemDetail problem = ProblemDetail.forStatusAndDetail(answer.status(), answer.detail());
		problem.setInstance(URI.create(exchange.getRequest().getPath().value()));
		problem.setProperty("code", answer.code());
		problem.setProperty("requestId", RequestIdFilter.requestId(exchange));
		return ServerResponse.status(answer.status())
			.contentType(MediaType.APPLICATION_PROBLEM_JSON)
			.headers((headers) -> {
				if (answer.wwwAuthenticate() != null) {
					headers.set(HttpHeaders.WWW_AUTHENTICATE, answer.wwwAuthenticate());
				}
			})
			.bodyValue(problem)
			.flatMap((response) -> response.writeTo(exchange, this.context));
	}

	private Answer answerFor(ServerWebExchange exchange, Throwable failure) {
		if (failure instanceof GatewayProblem problem) {
			return new Answer(problem.status(), problem.code(), problem.getMessage(), problem.wwwAuthenticate());
		}
		if (isUpstreamUnavailable(failure)) {
			log.warn("Upstream unavailable for {} {}: {}", exchange.getRequest().getMethod(),
					exchange.getRequest().getPath(), failure.toString());
			return new Answer(HttpStatus.SERVICE_UNAVAILABLE, "SERVICE_UNAVAILABLE",
					"The service behind this API is unavailable right now, retry later", null);
		}
		if (failure instanceof ResponseStatusException statusException) {
			return forStatus(exchange, statusException.getStatusCode());
		}
		log.error("Unexpected failure for {} {}", exchange.getRequest().getMethod(), exchange.getRequest().getPath(),
				failure);
		return new Answer(HttpStatus.INTERNAL_SERVER_ERROR, "INTERNAL_ERROR", "Unexpected error", null);
	}

	private Answer forStatus(ServerWebExchange exchange, HttpStatusCode statusCode) {
		HttpStatus status = HttpStatus.resolve(statusCode.value());
		if (status == null || status.is5xxServerError()) {
			return new Answer(HttpStatus.INTERNAL_SERVER_ERROR, "INTERNAL_ERROR", "Unexpected error", null);
		}
		if (status == HttpStatus.NOT_FOUND) {
			return new Answer(status, "NOT_FOUND", "No API at " + exchange.getRequest().getPath().value(), null);
		}
		return new Answer(status, status.name(), status.getReasonPhrase(), null);
	}

	/**
	 * Connection refused or reset, unknown host, connect or response timeout (the gateway
	 * turns its response timeout into a 504 status exception).
	 */
	static boolean isUpstreamUnavailable(Throwable failure) {
		for (Throwable cause = failure; cause != null; cause = cause.getCause()) {
			if (cause instanceof ConnectException || cause instanceof NoRouteToHostException
					|| cause instanceof UnknownHostException || cause instanceof TimeoutException
					|| cause instanceof PrematureCloseException
					|| cause instanceof org.springframework.cloud.gateway.support.TimeoutException) {
				return true;
			}
			if (cause instanceof ResponseStatusException statusException) {
				int status = statusException.getStatusCode().value();
				if (status == HttpStatus.GATEWAY_TIMEOUT.value() || status == HttpStatus.SERVICE_UNAVAILABLE.value()) {
					return true;
				}
			}
			if (cause.getCause() == cause) {
				break;
			}
		}
		return false;
	}

	private record Answer(HttpStatus status, String code, String detail, String wwwAuthenticate) {
	}

}
