package dev.switchboard.http;

import reactor.core.publisher.Mono;

import org.springframework.core.Ordered;
import org.springframework.core.annotation.Order;
import org.springframework.http.HttpHeaders;
import org.springframework.web.server.ServerWebExchange;
import org.springframework.web.server.WebFilter;
import org.springframework.web.server.WebFilterChain;

/**
 * Gives every request an {@code X-Request-Id} and an {@code X-Correlation-Id} (taken from
 * the request when well-formed, generated otherwise), echoes both, and makes the
 * correlation id available to handlers so that the events they cause carry it.
 */
@Order(Ordered.HIGHEST_PRECEDENCE)
public class CorrelationIdFilter implements WebFilter {

	public static final String REQUEST_ID = "X-Request-Id";

	public static final String CORRELATION_ID = "X-Correlation-Id";

	private static final String ATTRIBUTE = CorrelationIdFilter.class.getName() + ".correlationId";

	@Override
	public Mono<Void> filter(ServerWebExchange exchange, WebFilterChain chain) {
		HttpHeaders headers = exchange.getRequest().getHeaders();
		String requestId = headers.getFirst(REQUEST_ID);
		if (!RequestIds.isAcceptable(requestId)) {
			requestId = RequestIds.generate();
		}
		String correlationId = headers.getFirst(CORRELATION_ID);
		if (!RequestIds.isAcceptable(correlationId)) {
			correlationId = requestId;
		}
		exchange.getAttributes().put(ATTRIBUTE, correlationId);
		HttpHeaders responseHeaders = exchange.getResponse().getHeaders();
		responseHeaders.set(REQUEST_ID, requestId);
		responseHeaders.set(CORRELATION_ID, correlationId);
		return chain.filter(exchange);
	}

	/**
	 * The correlation id of the request; a fresh one when the filter did not run, so that
	 * events are never without one.
	 */
	public static String correlationId(ServerWebExchange exchange) {
		String correlationId = exchange.getAttribute(ATTRIBUTE);
		return (correlationId != null) ? correlationId : RequestIds.generate();
	}

}
