package dev.switchboard.gateway.web;

import dev.switchboard.http.RequestIds;
import reactor.core.publisher.Mono;

import org.springframework.core.Ordered;
import org.springframework.core.annotation.Order;
import org.springframework.http.HttpHeaders;
import org.springframework.stereotype.Component;
import org.springframework.web.server.ServerWebExchange;
import org.springframework.web.server.WebFilter;
import org.springframework.web.server.WebFilterChain;

/**
 * Gives every request an {@code X-Request-Id} and an {@code X-Correlation-Id} (kept from
 * the caller when well-formed, generated otherwise), forwards both upstream and echoes
 * both in the response. A web filter rather than a route filter, so that rejected,
 * unrouted and failed requests carry the ids too.
 */
@Component
@Order(Ordered.HIGHEST_PRECEDENCE)
public class RequestIdFilter implements WebFilter {

	public static final String REQUEST_ID = "X-Request-Id";

	public static final String CORRELATION_ID = "X-Correlation-Id";

	private static final String ATTRIBUTE = RequestIdFilter.class.getName() + ".requestId";

	@Override
	public Mono<Void> filter(ServerWebExchange exchange, WebFilterChain chain) {
		HttpHeaders incoming = exchange.getRequest().getHeaders();
		String requestId = incoming.getFirst(REQUEST_ID);
		if (!RequestIds.isAcceptable(requestId)) {
			requestId = RequestIds.generate();
		}
		String correlationId = incoming.getFirst(CORRELATION_ID);
		if (!RequestIds.isAcceptable(correlationId)) {
			correlationId = requestId;
		}
		String finalRequestId = requestId;
		String finalCorrelationId = correlationId;
		ServerWebExchange withIds = exchange.mutate().request((request) -> request.headers((headers) -> {
			headers.set(REQUEST_ID, finalRequestId);
			headers.set(CORRELATION_ID, finalCorrelationId);
		})).build();
		withIds.getAttributes().put(ATTRIBUTE, finalRequestId);
		// Set at commit time: proxied responses append upstream headers, which may echo
		// the ids as well, and the echo must carry exactly one value.
		withIds.getResponse().beforeCommit(() -> {
			HttpHeaders outgoing = withIds.getResponse().getHeaders();
			outgoing.set(REQUEST_ID, finalRequestId);
			outgoing.set(CORRELATION_ID, finalCorrelationId);
			return Mono.empty();
		});
		return chain.filter(withIds);
	}

	/**
	 * Returns the request id given to this exchange.
	 * @param exchange the exchange
	 * @return the request id, or a fresh one when the filter did not run
	 */
	public static String requestId(ServerWebExchange exchange) {
		String requestId = exchange.getAttribute(ATTRIBUTE);
		return (requestId != null) ? requestId : RequestIds.generate();
	}

}
