package dev.switchboard.simulators;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Map;

import io.netty.handler.codec.http.HttpMethod;
import reactor.core.publisher.Mono;
import reactor.netty.http.client.HttpClient;
import tools.jackson.databind.JsonNode;

/** A small HTTP client for talking to the simulators in tests. */
final class TestHttp {

	private final HttpClient client;

	TestHttp(String baseUrl) {
		this(HttpClient.create().baseUrl(baseUrl).responseTimeout(Duration.ofSeconds(5)));
	}

	private TestHttp(HttpClient client) {
		this.client = client;
	}

	TestHttp withTimeout(Duration timeout) {
		return new TestHttp(this.client.responseTimeout(timeout));
	}

	Mono<Response> exchange(HttpMethod method, String uri, Map<String, String> headers, String body) {
		return this.client.headers((h) -> headers.forEach(h::set))
			.request(method)
			.uri(uri)
			.send((request, outbound) -> (body == null) ? outbound
					: outbound.sendString(Mono.just(body), StandardCharsets.UTF_8))
			.responseSingle((response, content) -> content.asString(StandardCharsets.UTF_8)
				.defaultIfEmpty("")
				.map((text) -> new Response(response.status().code(), text)));
	}

	Response post(String uri, Map<String, String> headers, String body) {
		return exchange(HttpMethod.POST, uri, headers, body).block();
	}

	Response get(String uri, Map<String, String> headers) {
		return exchange(HttpMethod.GET, uri, headers, null).block();
	}

	Response delete(String uri) {
		return exchange(HttpMethod.DELETE, uri, Map.of(), null).block();
	}

	/**
	 * Status and body of an answer.
	 *
	 * @param status HTTP status
	 * @param body body text
	 */
	record Response(int status, String body) {

		JsonNode json() {
			return Json.parse(this.body);
		}

	}

}
