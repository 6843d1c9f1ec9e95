package dev.switchboard.gateway.web;

import reactor.core.publisher.Mono;

import org.springframework.core.Ordered;
import org.springframework.core.annotation.Order;
import org.springframework.http.HttpStatus;
import org.springframework.security.web.server.firewall.ServerExchangeRejectedException;
import org.springframework.security.web.server.firewall.StrictServerWebExchangeFirewall;
import org.springframework.stereotype.Component;
import org.springframework.web.server.ServerWebExchange;
import org.springframework.web.server.WebFilter;
import org.springframework.web.server.WebFilterChain;

/**
 * Refuses, before any route or authorization, every request path that could be read in
 * two ways: one that an access rule would see and another that a router would match.
 * Spring Security's strict firewall refuses encoded slashes, dots and percent signs,
 * {@code ;} parameters, back slashes, {@code .} and {@code ..} segments, double slashes
 * and control characters; on top of it an escape of a character that never needs one (a
 * letter, a digit, {@code -_.~}) is refused too, since it only serves to hide a path such
 * as {@code /%61dmin}. What is left is a path whose raw form and decoded form name the
 * same route.
 */
@Component
@Order(Ordered.HIGHEST_PRECEDENCE + 4)
class RequestPathFirewall implements WebFilter {

	static final String CODE = "INVALID_PATH";

	private final StrictServerWebExchangeFirewall firewall = new StrictServerWebExchangeFirewall();

	@Override
	public Mono<Void> filter(ServerWebExchange exchange, WebFilterChain chain) {
		String rawPath = exchange.getRequest().getURI().getRawPath();
		if (rawPath == null || rawPath.isEmpty() || hasNeedlessEscape(rawPath)) {
			return Mono.error(invalid());
		}
		// The firewall's path checks run eagerly; its wrapped exchange (lazy header
		// checks)
		// is not needed by a proxy that forwards headers as they came.
		return this.firewall.getFirewalledExchange(exchange)
			.onErrorMap(ServerExchangeRejectedException.class, (rejected) -> invalid())
			.flatMap((checked) -> chain.filter(exchange));
	}

	/**
	 * Whether the path escapes an unreserved character (RFC 3986 section 2.3) or holds an
	 * escape that is not two hex digits.
	 * @param rawPath the path as sent
	 * @return true when the path must be refused
	 */
	static boolean hasNeedlessEscape(String rawPath) {
		for (int i = rawPath.indexOf('%'); i >= 0; i = rawPath.indexOf('%', i + 1)) {
			if (i + 2 >= rawPath.length()) {
				return true;
			}
			int high = Character.digit(rawPath.charAt(i + 1), 16);
			int low = Character.digit(rawPath.charAt(i + 2), 16);
			if (high < 0 || low < 0) {
				return true;
			}
			char decoded = (char) (high * 16 + low);
			if (isUnreserved(decoded)) {
				return true;
			}
		}
		return false;
	}

	private static boolean isUnreserved(char c) {
		return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '-' || c == '.'
				|| c == '_' || c == '~';
	}

	private static GatewayProblem invalid() {
		return GatewayProblem.of(HttpStatus.BAD_REQUEST, CODE,
				"The request path is not in normal form: no encoded letters, digits, slashes, dots or percent "
						+ "signs, no ';' parameters, no '.' or '..' segments and no empty segments");
	}

}
