package dev.switchboard.gateway.web;

import java.util.LinkedHashMap;
import java.util.Map;

import dev.switchboard.events.EventJson;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import reactor.core.publisher.Mono;

import org.springframework.core.Ordered;
import org.springframework.core.annotation.Order;
import org.springframework.http.HttpStatusCode;
import org.springframework.http.server.reactive.ServerHttpRequest;
import org.springframework.stereotype.Component;
import org.springframework.web.server.ServerWebExchange;
import org.springframework.web.server.WebFilter;
import org.springframework.web.server.WebFilterChain;

/**
 * One JSON line per request on the {@code switchboard.access} logger: ids, method, path
 * (never the query, which may carry secrets), status, time to the first byte of the
 * answer, tenant and key id (never the key). Turn the logger off to drop the log.
 */
@Component
@Order(Ordered.HIGHEST_PRECEDENCE + 1)
public class AccessLogFilter implements WebFilter {

	private static final Logger access = LoggerFactory.getLogger("switchboard.access");

	private static final String TENANT = AccessLogFilter.class.getName() + ".tenant";

	private static final String KEY = AccessLogFilter.class.getName() + ".key";

	/**
	 * Names the caller of an exchange for its access log line.
	 * @param exchange the exchange
	 * @param tenantId the tenant, may be {@code null} (operator)
	 * @param keyId the key id
	 */
	public static void identify(ServerWebExchange exchange, String tenantId, String keyId) {
		if (tenantId != null) {
			exchange.getAttributes().put(TENANT, tenantId);
		}
		exchange.getAttributes().put(KEY, keyId);
	}

	@Override
	public Mono<Void> filter(ServerWebExchange exchange, WebFilterChain chain) {
		if (!access.isInfoEnabled()) {
			return chain.filter(exchange);
		}
		long start = System.nanoTime();
		// At commit the status is final, also when an error handler wrote the answer
		// (error handlers run after the filter chain has ended).
		exchange.getResponse().beforeCommit(() -> Mono.fromRunnable(() -> log(exchange, start)));
		return chain.filter(exchange);
	}

	private static void log(ServerWebExchange exchange, long start) {
		ServerHttpRequest request = exchange.getRequest();
		HttpStatusCode status = exchange.getResponse().getStatusCode();
		Map<String, Object> line = new LinkedHashMap<>();
		line.put("requestId", RequestIdFilter.requestId(exchange));
		line.put("correlationId", request.getHeaders().getFirst(RequestIdFilter.CORRELATION_ID));
		line.put("method", request.getMethod().name());
		line.put("path", request.getPath().value());
		line.put("status", (status != null) ? status.value() : 200);
		line.put("durationMs", (System.nanoTime() - start) / 1_000_000.0);
		line.put("tenantId", exchange.getAttribute(TENANT));
		line.put("keyId", exchange.getAttribute(KEY));
		line.put("remote", (request.getRemoteAddress() != null) ? request.getRemoteAddress().getHostString() : null);
		access.info(EventJson.mapper().writeValueAsString(line));
	}

}
