package dev.switchboard.e2e;

import java.net.URI;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.function.Supplier;
import java.util.stream.Stream;

import dev.switchboard.local.LocalStack;

import org.springframework.core.ParameterizedTypeReference;
import org.springframework.test.web.reactive.server.WebTestClient;
import org.springframework.test.web.reactive.server.WebTestClient.RequestBodySpec;
import org.springframework.test.web.reactive.server.WebTestClient.ResponseSpec;
import org.springframework.web.util.UriBuilder;

/**
 * The clients an end-to-end test talks through: the API (the gateway, or a service
 * reached directly) with the authorization every call to it carries, and webhook-ingest.
 * JSON answers come back as maps.
 */
final class E2EClients {

	/** The demo tenant's API key (local profile). */
	private static final String DEMO_KEY = "Bearer sb_demokey1.localdemosecret";

	private static final ParameterizedTypeReference<Map<String, Object>> JSON_OBJECT = new ParameterizedTypeReference<>() {
	};

	/**
	 * The demo tenant's order confirmation template in English with its eight body
	 * parameters: only a template reaches a customer who has not written (the
	 * customer-service window), and template-service syncs it, so it is checked before it
	 * is sent.
	 */
	static final Map<String, Object> CONFIRMATION = Map.of("name", "order_confirmation_global", "language",
			Map.of("code", "en"), "components",
			List.of(Map.of("type", "body", "parameters",
					Stream
						.of("Dana Example", "India", "\uD83C\uDDEE\uD83C\uDDF3", "IL250101IN99",
								"Tourist eVisa, 1 month", "1", "249 ILS", "3")
						.map((text) -> Map.of("type", "text", "text", text))
						.toList())));

	private final WebTestClient api;

	private final Supplier<String> authorization;

	private final WebTestClient ingest;

	private E2EClients(WebTestClient api, Supplier<String> authorization, WebTestClient ingest) {
		this.api = api;
		this.authorization = authorization;
		this.ingest = ingest;
	}

	/** The stack's gateway as the demo tenant, and its webhook-ingest. */
	static E2EClients demo(LocalStack stack) {
		return new E2EClients(client(stack.ports().gateway()), () -> DEMO_KEY, client(stack.ports().ingest()));
	}

	/**
	 * A service on that port reached past the gateway, with a longer response timeout and
	 * larger buffers than {@link #client(int)}.
	 * @param authorization asked for every request, so a token can be minted fresh
	 */
	static E2EClients direct(int port, Supplier<String> authorization) {
		WebTestClient api = WebTestClient.bindToServer()
			.baseUrl("http://localhost:" + port)
			.responseTimeout(Duration.ofMinutes(2))
			.codecs((codecs) -> codecs.defaultCodecs().maxInMemorySize(16 * 1024 * 1024))
			.build();
		return new E2EClients(api, authorization, null);
	}

	/** A client of the service listening on that port. */
	private static WebTestClient client(int port) {
		return WebTestClient.bindToServer()
			.baseUrl("http://localhost:" + port)
			.responseTimeout(Duration.ofSeconds(10))
			.build();
	}

	/** The API without authorization, for calls with another key or none. */
	WebTestClient api() {
		return this.api;
	}

	WebTestClient ingest() {
		if (this.ingest == null) {
			throw new IllegalStateException("No webhook-ingest client: the API is reached directly");
		}
		return this.ingest;
	}

	/** An authorized GET, exchanged. */
	ResponseSpec get(String uri, Object... uriVariables) {
		return this.api.get().uri(uri, uriVariables).header("Authorization", this.authorization.get()).exchange();
	}

	/** The JSON object an authorized GET answers with 200. */
	Map<String, Object> read(String uri, Object... uriVariables) {
		return ok(get(uri, uriVariables));
	}

	/** The JSON object an authorized GET answers with 200. */
	Map<String, Object> read(Function<UriBuilder, URI> uri) {
		return ok(this.api.get().uri(uri).header("Authorization", this.authorization.get()).exchange());
	}

	/** The body an authorized GET answers with 200. */
	<T> T read(ParameterizedTypeReference<T> type, String uri, Object... uriVariables) {
		return get(uri, uriVariables).expectStatus().isOk().expectBody(type).returnResult().getResponseBody();
	}

	/** The orders of a customer's phone number, through an authorized GET. */
	@SuppressWarnings("unchecked")
	List<Map<String, Object>> orders(String phone) {
		return (List<Map<String, Object>>) read(
				(uri) -> uri.path("/api/v1/orders").queryParam("phone", "{phone}").build(phone))
			.get("orders");
	}

	/** An authorized POST, for the caller to add a body to and exchange. */
	RequestBodySpec post(String uri, Object... uriVariables) {
		return this.api.post().uri(uri, uriVariables).header("Authorization", this.authorization.get());
	}

	/** The JSON object of a 200 answer. */
	static Map<String, Object> ok(ResponseSpec response) {
		return response.expectStatus().isOk().expectBody(JSON_OBJECT).returnResult().getResponseBody();
	}

	/** The JSON object of a 202 answer. */
	static Map<String, Object> accepted(ResponseSpec response) {
		return response.expectStatus().isAccepted().expectBody(JSON_OBJECT).returnResult().getResponseBody();
	}

}
