package dev.switchboard.templates.graph;

import java.net.URI;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import dev.switchboard.events.EventJson;
import dev.switchboard.templates.template.Template;
import io.github.resilience4j.core.IntervalFunction;
import io.github.resilience4j.reactor.retry.RetryOperator;
import io.github.resilience4j.retry.Retry;
import io.github.resilience4j.retry.RetryConfig;
import io.micrometer.observation.ObservationRegistry;
import io.netty.channel.ChannelOption;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import reactor.netty.http.client.HttpClient;
import tools.jackson.core.JacksonException;
import tools.jackson.core.type.TypeReference;
import tools.jackson.databind.JsonNode;

import org.springframework.beans.factory.ObjectProvider;
import org.springframework.http.MediaType;
import org.springframework.http.client.reactive.ReactorClientHttpConnector;
import org.springframework.stereotype.Component;
import org.springframework.web.reactive.function.client.WebClient;
import org.springframework.web.util.UriComponentsBuilder;

/**
 * Reads a WABA's templates from Meta: {@code GET /{version}/{waba}/message_templates}
 * with every field named (without {@code fields} Meta leaves out quality, reason and
 * parameter format) and {@code paging.next} followed to the end. A page failing with a
 * rate limit (80007, 80008), a 5xx or a transport error is asked again with exponential
 * backoff (Resilience4j); other failures end the listing. Every call, each further
 * attempt included, is first taken from the WABA's hourly budget
 * ({@link WabaCallBudget}).
 */
@Component
public class GraphTemplates {

	private static final Logger log = LoggerFactory.getLogger(GraphTemplates.class);

	private static final TypeReference<List<Map<String, Object>>> COMPONENTS = new TypeReference<>() {
	};

	private static final TypeReference<Map<String, Object>> ANSWER = new TypeReference<>() {
	};

	static final String FIELDS = "id,name,language,status,category,components,parameter_format,quality_score,"
			+ "rejected_reason,sub_category,previous_category";

	private final WebClient client;

	private final GraphProperties properties;

	private final Retry retry;

	private final WabaCallBudget budget;

	GraphTemplates(GraphProperties properties, WabaCallBudget budget,
			ObjectProvider<ObservationRegistry> observations) {
		this.properties = properties;
		this.budget = budget;
		HttpClient http = HttpClient.create()
			.option(ChannelOption.CONNECT_TIMEOUT_MILLIS, Math.toIntExact(properties.connectTimeout().toMillis()))
			.responseTimeout(properties.responseTimeout())
			.followRedirect(false);
		this.client = WebClient.builder()
			.observationRegistry(observations.getIfAvailable(() -> ObservationRegistry.NOOP))
			.clientConnector(new ReactorClientHttpConnector(http))
			.codecs((codecs) -> codecs.defaultCodecs()
				.maxInMemorySize(Math.toIntExact(properties.maxAnswerSize().toBytes())))
			.build();
		this.retry = Retry.of("graph-templates", RetryConfig.custom()
			.maxAttempts(properties.retries() + 1)
			.intervalFunction(
					IntervalFunction.ofExponentialBackoff(properties.retryBackoff(), 2.0, properties.maxRetryBackoff()))
			.retryOnException(GraphTemplates::worthRetrying)
			.failAfterMaxAttempts(false)
			.build());
		this.retry.getEventPublisher()
			.onRetry((event) -> log.warn("Template page asked again in {} after: {}", event.getWaitInterval(),
					event.getLastThrowable().getMessage()));
	}

	/** Every page of the WABA's template list, in order. */
	public Flux<TemplatePage> pages(WabaAccount account) {
		String first = UriComponentsBuilder.fromUriString(this.properties.baseUrl())
			.path("/{version}/{wabaId}/message_templates")
			.queryParam("fields", FIELDS)
			.queryParam("limit", this.properties.pageSize())
			.buildAndExpand(this.properties.apiVersion(), account.wabaId())
			.encode()
			.toUriString();
		return page(account, URI.create(first), 1).expand(
				(page) -> (page.next() == null) ? Mono.empty() : page(account, next(page.next()), page.number() + 1));
	}

	private Mono<TemplatePage> page(WabaAccount account, URI uri, int number) {
		return Mono.defer(() -> {
			// Whole seconds, as Meta times its webhooks: a webhook of the same second is
			// not taken for older than the page.
			Instant requestedAt = Instant.now().truncatedTo(ChronoUnit.SECONDS);
			return this.budget.take(account.wabaId())
				.then(this.client.get()
					.uri(uri)
					.headers((headers) -> headers.setBearerAuth(account.accessToken()))
					.accept(MediaType.APPLICATION_JSON)
					.exchangeToMono((response) -> response.bodyToMono(byte[].class)
						.defaultIfEmpty(new byte[0])
						.map((body) -> read(account, number, response.statusCode().value(), body, requestedAt)))
					.timeout(this.properties.responseTimeout()));
		}).transformDeferred(RetryOperator.of(this.retry));
	}

	/**
	 * Submits a template ({@code POST /{version}/{waba}/message_templates}); Meta answers
	 * its id, status (PENDING while reviewed) and category. Not retried: a repeated
	 * create would be refused as a duplicate name or create twice.
	 */
	public Mono<Map<String, Object>> create(WabaAccount account, Map<String, Object> template) {
		return this.budget.take(account.wabaId())
			.then(this.client.post()
				.uri(this.properties.baseUrl() + "/{version}/{wabaId}/message_templates", this.properties.apiVersion(),
						account.wabaId())
				.headers((headers) -> headers.setBearerAuth(account.accessToken()))
				.contentType(MediaType.APPLICATION_JSON)
				.accept(MediaType.APPLICATION_JSON)
				.bodyValue(template)
				.exchangeToMono((response) -> response.bodyToMono(byte[].class)
					.defaultIfEmpty(new byte[0])
					.map((body) -> answer(response.statusCode().value(), body)))
				.timeout(this.properties.responseTimeout()));
	}

	/**
	 * Deletes every language of a name ({@code DELETE
	 * /{version}/{waba}/message_templates?name=}), as Meta's delete by name does.
	 */
	public Mono<Map<String, Object>> delete(WabaAccount account, String name) {
		return Mono.defer(() -> this.budget.take(account.wabaId()))
			.then(this.client.delete()
				.uri(UriComponentsBuilder.fromUriString(this.properties.baseUrl())
					.path("/{version}/{wabaId}/message_templates")
					.queryParam("name", "{name}")
					.buildAndExpand(this.properties.apiVersion(), account.wabaId(), name)
					.encode()
					.toUri())
				.headers((headers) -> headers.setBearerAuth(account.accessToken()))
				.accept(MediaType.APPLICATION_JSON)
				.exchangeToMono((response) -> response.bodyToMono(byte[].class)
					.defaultIfEmpty(new byte[0])
					.map((body) -> answer(response.statusCode().value(), body)))
				.timeout(this.properties.responseTimeout()))
			.transformDeferred(RetryOperator.of(this.retry));
	}

	private static Map<String, Object> answer(int status, byte[] body) {
		JsonNode json;
		try {
			json = EventJson.mapper().readTree(body);
		}
		catch (JacksonException ex) {
			throw new GraphException(0, status, "HTTP " + status + " with an answer that is no JSON");
		}
		if (status / 100 != 2 || json == null || json.has("error")) {
			JsonNode error = (json != null) ? json.path("error") : null;
			int code = (error != null) ? error.path("code").asInt(0) : 0;
			String message = (error != null) ? error.path("message").asString("") : "";
			throw new GraphException(code, status, "HTTP " + status + ", error " + code + ": " + message);
		}
		return EventJson.mapper().convertValue(json, ANSWER);
	}

	/** Meta's next-page URL, followed only to the configured Graph API. */
	private URI next(String next) {
		URI uri = URI.create(next);
		URI base = URI.create(this.properties.baseUrl());
		if (!base.getScheme().equalsIgnoreCase(uri.getScheme())
				|| !base.getAuthority().equalsIgnoreCase(uri.getAuthority())) {
			throw new GraphException(0, 0, "paging.next points away from the Graph API: " + uri.getAuthority());
		}
		return uri;
	}

	private static TemplatePage read(WabaAccount account, int number, int status, byte[] body, Instant requestedAt) {
		JsonNode json;
		try {
			json = EventJson.mapper().readTree(body);
		}
		catch (JacksonException ex) {
			throw new GraphException(0, status, "HTTP " + status + " with an answer that is no JSON");
		}
		if (status != 200 || json == null || json.has("error")) {
			JsonNode error = (json != null) ? json.path("error") : null;
			int code = (error != null) ? error.path("code").asInt(0) : 0;
			String message = (error != null) ? error.path("message").asString("") : "";
			throw new GraphException(code, status, "HTTP " + status + ", error " + code + ": " + message);
		}
		List<Template> templates = new ArrayList<>();
		for (JsonNode node : json.path("data")) {
			templates.add(template(account, node, requestedAt));
		}
		JsonNode next = json.path("paging").path("next");
		return new TemplatePage(number, templates, next.isString() ? next.asString() : null, requestedAt);
	}

	static Template template(WabaAccount account, JsonNode node, Instant at) {
		String name = text(node, "name");
		String language = text(node, "language");
		if (name == null || language == null || text(node, "id") == null || text(node, "status") == null) {
			throw new GraphException(0, 200, "A listed template lacks id, name, language or status");
		}
		List<Map<String, Object>> components = node.has("components")
				? EventJson.mapper().convertValue(node.get("components"), COMPONENTS) : List.of();
		return new Template(account.tenantId(), account.wabaId(), text(node, "id"), name, language,
				text(node, "status"), text(node, "category"), text(node.path("quality_score"), "score"),
				text(node, "parameter_format"), reason(text(node, "rejected_reason")), components, at, false);
	}

	/** Meta lists {@code NONE} for templates never rejected; stored as no reason. */
	private static String reason(String reason) {
		return "NONE".equals(reason) ? null : reason;
	}

	private static String text(JsonNode node, String field) {
		JsonNode value = (node != null) ? node.get(field) : null;
		return (value != null && (value.isString() || value.isNumber())) ? value.asString() : null;
	}

	private static boolean worthRetrying(Throwable ex) {
		if (ex instanceof GraphException graph) {
			return graph.transientFailure();
		}
		// Timeouts, refused or reset connections: Meta may answer the next attempt.
		return true;
	}

}
