package dev.switchboard.workflows.steps;

import java.net.UnknownHostException;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.TimeoutException;
import java.util.regex.Matcher;

import dev.switchboard.events.EventJson;
import dev.switchboard.outbound.OutboundUrlPolicy;
import dev.switchboard.outbound.OutboundUrlRefused;
import dev.switchboard.workflows.definitions.SecretReferences;
import dev.switchboard.workflows.definitions.StepSpec;
import reactor.core.publisher.Mono;
import reactor.netty.http.client.HttpClient;

import org.springframework.core.io.buffer.DataBufferLimitException;
import org.springframework.http.HttpMethod;
import org.springframework.http.MediaType;
import org.springframework.http.client.reactive.ReactorClientHttpConnector;
import org.springframework.stereotype.Component;
import org.springframework.web.reactive.function.client.WebClient;

/**
 * The {@code http_call} step. The URL must pass the outbound URL policy (https only
 * outside the local profile; no private, loopback, link-local or metadata address,
 * checked after DNS resolution and again for the address actually connected to);
 * redirects are never followed (an answer of 3xx fails the attempt); the answer must come
 * within the time limit and fit the size limit. Failures name the reason, never the URL,
 * its query or headers, which may carry credentials. Header values may name the tenant's
 * secrets ({@code {{secrets.NAME}}}), opened for the call only. The call carries
 * {@code Idempotency-Key:
 * workflow:<run>:<step>}, the same on every attempt, for receivers that deduplicate.
 */
@Component
class HttpCalls {

	private final OutboundUrlPolicy policy;

	private final HttpStepProperties properties;

	private final WebClient client;

	private final TenantSecrets secrets;

	HttpCalls(OutboundUrlPolicy policy, HttpStepProperties properties, TenantSecrets secrets) {
		this.policy = policy;
		this.properties = properties;
		this.secrets = secrets;
		this.client = WebClient.builder()
			.clientConnector(new ReactorClientHttpConnector(policy.secure(HttpClient.create())))
			.codecs((codecs) -> codecs.defaultCodecs().maxInMemorySize(properties.maxResponseBytes()))
			.build();
	}

	/** Calls; completes with {@code {status, body}} for a 2xx answer. */
	Mono<Map<String, Object>> call(StepSpec step, RunState run) {
		Duration timeout = timeout(step);
		HttpMethod method = HttpMethod.valueOf(step.text("method"));
		Map<String, String> headers = headers(step, run);
		Object body = RunData.renderValue(step.value("body"), run.data());
		return this.policy.check(RunData.render(step.text("url"), run.data())).flatMap((uri) -> {
			WebClient.RequestBodySpec request = this.client.method(method).uri(uri).headers((http) -> {
				headers.forEach(http::set);
				http.set("Idempotency-Key", MessageSends.idempotencyKey(run.runId(), step.id()));
			});
			WebClient.RequestHeadersSpec<?> withBody = (body != null)
					? request.contentType(MediaType.APPLICATION_JSON).bodyValue(EventJson.write(body)) : request;
			return withBody.exchangeToMono((response) -> response.bodyToMono(String.class)
				.defaultIfEmpty("")
				.map((text) -> answer(response.statusCode().value(), text)));
		})
			.timeout(timeout)
			.onErrorMap((failure) -> !(failure instanceof StepFailure), (failure) -> failure(failure, timeout))
			.flatMap((answer) -> {
				int status = (Integer) answer.get("status");
				if (status >= 300 && status < 400) {
					return Mono.error(new StepFailure("HTTP " + status + ": redirects are not followed"));
				}
				return (status >= 200 && status < 300) ? Mono.just(answer)
						: Mono.error(new StepFailure("HTTP " + status));
			});
	}

	/**
	 * The step's headers with placeholders filled. A header's {@code {{secrets.NAME}}}
	 * become the tenant's secret here and only here: the value goes to the request and
	 * nowhere else (not the run's data, its history or an error). The text around them is
	 * rendered from the run's data on its own, so data can never name a secret.
	 */
	@SuppressWarnings("unchecked")
	private Map<String, String> headers(StepSpec step, RunState run) {
		Map<String, Object> declared = (step.value("headers") instanceof Map<?, ?> map) ? (Map<String, Object>) map
				: Map.of();
		Map<String, String> rendered = new LinkedHashMap<>();
		declared.forEach((name, template) -> rendered.put(name, header(String.valueOf(template), run)));
		return rendered;
	}

	private String header(String template, RunState run) {
		Matcher secret = SecretReferences.PLACEHOLDER.matcher(template);
		if (!secret.find()) {
			return String.valueOf(RunData.renderValue(template, run.data()));
		}
		StringBuilder value = new StringBuilder();
		int from = 0;
		do {
			value.append(RunData.render(template.substring(from, secret.start()), run.data()))
				.append(this.secrets.open(run.tenantId(), secret.group(1)));
			from = secret.end();
		}
		while (secret.find());
		return value.append(RunData.render(template.substring(from), run.data())).toString();
	}

	private StepFailure failure(Throwable failure, Duration timeout) {
		OutboundUrlRefused refused = OutboundUrlRefused.in(failure);
		if (refused != null) {
			return new StepFailure("The URL is refused: it " + refused.reason());
		}
		if (failure instanceof UnknownHostException) {
			return new StepFailure("The URL's host does not resolve");
		}
		if (failure instanceof TimeoutException) {
			return new StepFailure("No answer within " + timeout.toMillis() + " ms");
		}
		for (Throwable cause = failure; cause != null; cause = cause.getCause()) {
			if (cause instanceof DataBufferLimitException) {
				return new StepFailure("The answer is larger than " + this.properties.maxResponseBytes() + " bytes");
			}
		}
		return new StepFailure("The call failed: " + failure.getClass().getSimpleName());
	}

	private Duration timeout(StepSpec step) {
		String asked = step.text("timeout");
		Duration limit = this.properties.timeout();
		if (asked == null) {
			return limit;
		}
		Duration duration = Duration.parse(asked);
		return (duration.compareTo(limit) < 0) ? duration : limit;
	}

	private static Map<String, Object> answer(int status, String text) {
		Map<String, Object> answer = new LinkedHashMap<>();
		answer.put("status", status);
		Object body = text;
		if (!text.isEmpty() && (text.startsWith("{") || text.startsWith("["))) {
			try {
				body = EventJson.mapper().readValue(text, Object.class);
			}
			catch (RuntimeException ex) {
				body = text;
			}
		}
		answer.put("body", body);
		return answer;
	}

}
