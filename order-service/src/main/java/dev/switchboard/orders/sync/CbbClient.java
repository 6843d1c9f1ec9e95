package dev.switchboard.orders.sync;

import java.net.UnknownHostException;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeoutException;
import java.util.regex.Pattern;

import dev.switchboard.events.EventJson;
import dev.switchboard.outbound.OutboundUrlPolicy;
import dev.switchboard.outbound.OutboundUrlRefused;
import dev.switchboard.orders.tenants.OrderTenantProperties.CbbAccount;
import io.github.resilience4j.core.IntervalFunction;
import io.github.resilience4j.reactor.retry.RetryOperator;
import io.github.resilience4j.retry.Retry;
import io.github.resilience4j.retry.RetryConfig;
import reactor.core.publisher.Mono;
import reactor.netty.http.client.HttpClient;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;

import org.springframework.core.io.buffer.DataBufferLimitException;
import org.springframework.http.HttpStatusCode;
import org.springframework.http.MediaType;
import org.springframework.http.client.reactive.ReactorClientHttpConnector;
import org.springframework.stereotype.Component;
import org.springframework.util.LinkedMultiValueMap;
import org.springframework.util.MultiValueMap;
import org.springframework.web.reactive.function.BodyInserters;
import org.springframework.web.reactive.function.client.WebClient;
import org.springframework.web.reactive.function.client.WebClientRequestException;

/**
 * The CBB (Chatbot Builder) contact API: {@code X-ACCESS-TOKEN} auth, JSON bodies except
 * the form-encoded field setter. Every call checks the body too, because CBB answers some
 * failures with {@code 200 {"success": false}}; transient failures are retried with
 * exponential backoff (Resilience4j), refusals are not. The account's base URL passes the
 * outbound URL policy before every call and the client connects only to addresses it
 * allows, following no redirect (a refusal is final); answers are read up to 256 KB.
 */
@Component
class CbbClient {

	private static final String TOKEN_HEADER = "X-ACCESS-TOKEN";

	private static final int MAX_ANSWER_BYTES = 256 * 1024;

	/** A custom field id as CBB gives it. */
	private static final Pattern FIELD_ID = Pattern.compile("[A-Za-z0-9_-]{1,64}");

	private final WebClient web;

	private final Duration timeout;

	private final Retry retry;

	/** Custom field ids by account base URL and field name. */
	private final Map<String, String> fieldIds = new ConcurrentHashMap<>();

	private final OutboundUrlPolicy outboundUrls;

	CbbClient(SyncProperties properties, OutboundUrlPolicy outboundUrls) {
		this.outboundUrls = outboundUrls;
		this.web = WebClient.builder()
			.clientConnector(new ReactorClientHttpConnector(outboundUrls.secure(HttpClient.create())))
			.codecs((codecs) -> codecs.defaultCodecs().maxInMemorySize(MAX_ANSWER_BYTES))
			.build();
		this.timeout = properties.requestTimeout();
		this.retry = Retry.of("cbb",
				RetryConfig.custom()
					.maxAttempts(properties.retries() + 1)
					.intervalFunction(IntervalFunction.ofExponentialBackoff(properties.retryBackoff(), 2.0))
					.retryOnException((ex) -> ex instanceof CbbFailure failure && failure.isTransient())
					.failAfterMaxAttempts(false)
					.build());
	}

	/** The contact, empty when CBB does not know it (CBB answers an empty shell then). */
	Mono<JsonNode> contact(CbbAccount account, String contactId) {
		return call(this.web.get().uri(account.baseUrl() + "/contacts/{id}", contactId), account, false)
			.filter(CbbClient::exists);
	}

	/** Creates the contact with its fields (addressed by name). */
	Mono<JsonNode> create(CbbAccount account, Map<String, Object> body) {
		return call(this.web.post()
			.uri(account.baseUrl() + "/contacts")
			.contentType(MediaType.APPLICATION_JSON)
			.bodyValue(EventJson.write(body)), account, false);
	}

	/** Sets one custom field of an existing contact (addressed by id). */
	Mono<Void> setField(CbbAccount account, String contactId, String fieldId, String value) {
		MultiValueMap<String, String> form = new LinkedMultiValueMap<>();
		form.add("value", value);
		return call(this.web.post()
			.uri(account.baseUrl() + "/contacts/{id}/custom_fields/{fieldId}", contactId, fieldId)
			.contentType(MediaType.APPLICATION_FORM_URLENCODED)
			.body(BodyInserters.fromFormData(form)), account, false).then();
	}

	/** The id of a custom field: configured, cached, looked up by name, or created. */
	Mono<String> fieldId(CbbAccount account, String name, String configuredId) {
		if (configuredId != null && !configuredId.isBlank()) {
			return Mono.just(configuredId);
		}
		String cacheKey = account.baseUrl() + "|" + name;
		String cached = this.fieldIds.get(cacheKey);
		if (cached != null) {
			return Mono.just(cached);
		}
		return call(this.web.get().uri(account.baseUrl() + "/accounts/custom_fields/name/{name}", name), account, true)
			.switchIfEmpty(Mono.defer(() -> call(this.web.post()
				.uri(account.baseUrl() + "/accounts/custom_fields")
				.contentType(MediaType.APPLICATION_JSON)
				.bodyValue(EventJson.write(Map.of("name", name, "type", 0))), account, false)))
			.map((field) -> field.path("id").isValueNode() ? field.path("id").asString("") : "")
			.filter((id) -> FIELD_ID.matcher(id).matches())
			.switchIfEmpty(Mono.error(() -> CbbFailure.refused("custom field " + name + " has no id")))
			.doOnNext((id) -> this.fieldIds.put(cacheKey, id));
	}

	private Mono<JsonNode> call(WebClient.RequestHeadersSpec<?> request, CbbAccount account, boolean notFoundIsEmpty) {
		Mono<Void> allowed = this.outboundUrls.check(account.baseUrl())
			.onErrorMap(OutboundUrlRefused.class, (refused) -> CbbFailure.refused("base URL " + refused.reason()))
			.onErrorMap(UnknownHostException.class, (ex) -> CbbFailure.unavailable("its host does not resolve"))
			.then();
		return allowed.then(Mono
			.defer(() -> request.header(TOKEN_HEADER, account.accessToken())
				.accept(MediaType.APPLICATION_JSON)
				.exchangeToMono((response) -> response.bodyToMono(byte[].class)
					.defaultIfEmpty(new byte[0])
					.flatMap((body) -> answer(response.statusCode(), body, notFoundIsEmpty)))
				.timeout(this.timeout)
				.onErrorMap(TimeoutException.class, (ex) -> CbbFailure.unavailable("no answer within " + this.timeout))
				.onErrorMap((ex) -> OutboundUrlRefused.in(ex) != null,
						(ex) -> CbbFailure.refused("base URL " + OutboundUrlRefused.in(ex).reason()))
				.onErrorMap(DataBufferLimitException.class, (ex) -> CbbFailure.unavailable("answer too large"))
				.onErrorMap(WebClientRequestException.class, (ex) -> CbbFailure.unavailable(ex.getMessage())))
			.transformDeferred(RetryOperator.of(this.retry)));
	}

	/**
	 * What an answer means: a value, nothing, or a failure that is retried (transient) or
	 * not.
	 */
	static Mono<JsonNode> answer(HttpStatusCode status, byte[] body, boolean notFoundIsEmpty) {
		Optional<JsonNode> json = parse(body);
		if (status.value() == 404 && notFoundIsEmpty) {
			return Mono.empty();
		}
		if (status.is5xxServerError() || status.value() == 429 || status.value() == 408) {
			return Mono.error(CbbFailure.unavailable("HTTP " + status.value()));
		}
		if (!status.is2xxSuccessful()) {
			return Mono.error(CbbFailure.rejected(status.value(), message(json)));
		}
		if (json.isEmpty() && body.length > 0) {
			// Taken for an answer, a body that is not JSON would read as "nothing there".
			return Mono.error(CbbFailure.unavailable("unreadable answer"));
		}
		if (json.isPresent() && json.get().isObject() && json.get().has("success")
				&& !json.get().path("success").asBoolean(false)) {
			return Mono.error(CbbFailure.refused(message(json)));
		}
		return Mono.justOrEmpty(json);
	}

	/**
	 * Whether a contact is a real one, not the empty shell CBB answers for unknown ids.
	 */
	static boolean exists(JsonNode contact) {
		return !contact.path("phone").asString("").isBlank() || !contact.path("first_name").asString("").isBlank()
				|| !contact.path("subscribed_date").isNull() && !contact.path("subscribed_date").isMissingNode();
	}

	private static String message(Optional<JsonNode> json) {
		return json.map((node) -> node.path("error").asString(node.path("message").asString("no details")))
			.orElse("no details");
	}

	private static Optional<JsonNode> parse(byte[] body) {
		if (body.length == 0) {
			return Optional.empty();
		}
		try {
			return Optional.of(EventJson.mapper().readTree(body));
		}
		catch (JacksonException ex) {
			return Optional.empty();
		}
	}

}
