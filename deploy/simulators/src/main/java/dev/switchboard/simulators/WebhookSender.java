package dev.switchboard.simulators;

import java.time.Duration;
import java.util.concurrent.atomic.AtomicLong;

import io.netty.handler.codec.http.HttpHeaderNames;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import reactor.core.publisher.Mono;
import reactor.netty.ByteBufFlux;
import reactor.netty.http.client.HttpClient;
import reactor.netty.resources.ConnectionProvider;
import reactor.util.retry.Retry;
import tools.jackson.databind.JsonNode;

/** Posts signed webhooks to the configured URL; Meta-like retries for automatic ones. */
final class WebhookSender implements AutoCloseable {

	private static final Logger log = LoggerFactory.getLogger(WebhookSender.class);

	/** Meta retries "immediately, then a few more times with decreasing frequency". */
	private static final int MAX_RETRIES = 4;

	private static final Duration FIRST_BACKOFF = Duration.ofMillis(200);

	private static final Duration RESPONSE_TIMEOUT = Duration.ofSeconds(10);

	private final String webhookUrl;

	private final MetaAccounts accounts;

	private final ConnectionProvider connections;

	private final HttpClient client;

	private final AtomicLong delivered = new AtomicLong();

	private final AtomicLong failedAttempts = new AtomicLong();

	private final AtomicLong dropped = new AtomicLong();

	private final Duration firstBackoff;

	WebhookSender(String webhookUrl, MetaAccounts accounts) {
		this(webhookUrl, accounts, FIRST_BACKOFF);
	}

	WebhookSender(String webhookUrl, MetaAccounts accounts, Duration firstBackoff) {
		this.webhookUrl = webhookUrl;
		this.firstBackoff = firstBackoff;
		this.accounts = accounts;
		this.connections = ConnectionProvider.builder("simulator-webhooks").maxConnections(64).build();
		this.client = HttpClient.create(this.connections).responseTimeout(RESPONSE_TIMEOUT);
	}

	/**
	 * Like {@link #deliver}, signed with the app secret of a phone number of the WABA.
	 */
	Mono<Void> deliverForWaba(String wabaId, JsonNode payload) {
		return deliver(this.accounts.phoneNumberIdOfWaba(wabaId), payload);
	}

	String appSecret(String phoneNumberId) {
		return this.accounts.appSecret(phoneNumberId);
	}

	/** Signs the payload with the phone number's app secret and posts it once. */
	Mono<Integer> postSigned(String phoneNumberId, JsonNode payload) {
		byte[] body = Json.metaBytes(payload);
		return postRaw(body, WebhookSignature.header(this.accounts.appSecret(phoneNumberId), body));
	}

	/**
	 * Posts the bytes once with the given signature header (null = none); emits the
	 * status.
	 */
	Mono<Integer> postRaw(byte[] body, String signatureHeader) {
		return this.client.headers((headers) -> {
			headers.set(HttpHeaderNames.CONTENT_TYPE, "application/json");
			if (signatureHeader != null) {
				headers.set(WebhookSignature.HEADER, signatureHeader);
			}
		})
			.post()
			.uri(this.webhookUrl)
			.send(ByteBufFlux.fromInbound(Mono.just(body)))
			.responseSingle((response, content) -> content.asByteArray().then(Mono.just(response.status().code())))
			.timeout(RESPONSE_TIMEOUT);
	}

	/**
	 * Posts like Meta does for its own notifications: anything but a 2xx is retried with
	 * backoff, and after the last retry the notification is dropped (and counted).
	 */
	Mono<Void> deliver(String phoneNumberId, JsonNode payload) {
		return Mono.defer(() -> postSigned(phoneNumberId, payload))
			.flatMap((status) -> (status / 100 == 2) ? Mono.just(status) : Mono.error(new RejectedWebhook(status)))
			.doOnError((ex) -> this.failedAttempts.incrementAndGet())
			.retryWhen(Retry.backoff(MAX_RETRIES, this.firstBackoff))
			.doOnNext((status) -> this.delivered.incrementAndGet())
			.onErrorResume((ex) -> {
				this.dropped.incrementAndGet();
				log.warn("Webhook to {} dropped after {} retries: {}", this.webhookUrl, MAX_RETRIES, rootMessage(ex));
				return Mono.empty();
			})
			.then();
	}

	long delivered() {
		return this.delivered.get();
	}

	long failedAttempts() {
		return this.failedAttempts.get();
	}

	long dropped() {
		return this.dropped.get();
	}

	void resetCounters() {
		this.delivered.set(0);
		this.failedAttempts.set(0);
		this.dropped.set(0);
	}

	@Override
	public void close() {
		this.connections.disposeLater().subscribe();
	}

	private static String rootMessage(Throwable ex) {
		Throwable root = ex;
		while (root.getCause() != null && root.getCause() != root) {
			root = root.getCause();
		}
		return root.getClass().getSimpleName() + ": " + root.getMessage();
	}

	/** The receiver answered something other than 2xx. */
	private static final class RejectedWebhook extends RuntimeException {

		RejectedWebhook(int status) {
			super("webhook answered HTTP " + status, null, false, false);
		}

	}

}
