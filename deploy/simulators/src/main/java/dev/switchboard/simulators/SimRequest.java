package dev.switchboard.simulators;

import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import io.netty.handler.codec.http.HttpHeaders;
import io.netty.handler.codec.http.QueryStringDecoder;

/**
 * What an endpoint needs of a request, with the whole body read.
 *
 * @param pathParams values of the route's path template
 * @param query query parameters
 * @param headers request headers
 * @param body raw body bytes, empty when there is none
 */
record SimRequest(Map<String, String> pathParams, Map<String, List<String>> query, HttpHeaders headers, byte[] body) {

	static SimRequest of(Map<String, String> pathParams, String uri, HttpHeaders headers, byte[] body) {
		return new SimRequest((pathParams != null) ? pathParams : Map.of(), new QueryStringDecoder(uri).parameters(),
				headers, body);
	}

	String param(String name) {
		return this.pathParams.get(name);
	}

	String queryParam(String name) {
		List<String> values = this.query.get(name);
		return (values == null || values.isEmpty()) ? null : values.get(0);
	}

	String header(String name) {
		return this.headers.get(name);
	}

	String bodyText() {
		return new String(this.body, StandardCharsets.UTF_8);
	}

	/** The body read as {@code application/x-www-form-urlencoded} fields. */
	Map<String, String> form() {
		Map<String, String> fields = new HashMap<>();
		for (String pair : bodyText().split("&")) {
			if (pair.isEmpty()) {
				continue;
			}
			int eq = pair.indexOf('=');
			String name = (eq < 0) ? pair : pair.substring(0, eq);
			String value = (eq < 0) ? "" : pair.substring(eq + 1);
			fields.put(URLDecoder.decode(name, StandardCharsets.UTF_8),
					URLDecoder.decode(value, StandardCharsets.UTF_8));
		}
		return fields;
	}

}
