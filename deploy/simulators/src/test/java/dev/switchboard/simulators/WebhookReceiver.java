package dev.switchboard.simulators;

import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicInteger;

import reactor.core.publisher.Mono;
import reactor.netty.DisposableServer;
import reactor.netty.http.server.HttpServer;
import tools.jackson.databind.JsonNode;

/** A tiny webhook endpoint that keeps the raw bytes and headers of what it receives. */
final class WebhookReceiver implements AutoCloseable {

	static final String PATH = "/webhooks/whatsapp";

	private final ConcurrentLinkedQueue<Received> received = new ConcurrentLinkedQueue<>();

	private final AtomicInteger failuresLeft = new AtomicInteger();

	private final AtomicInteger attempts = new AtomicInteger();

	private final DisposableServer server;

	WebhookReceiver() {
		this.server = HttpServer.create()
			.port(0)
			.route((routes) -> routes.post(PATH,
					(request, response) -> request.receive()
						.aggregate()
						.asByteArray()
						.defaultIfEmpty(new byte[0])
						.flatMap((body) -> {
							this.attempts.incrementAndGet();
							if (this.failuresLeft.getAndUpdate((left) -> Math.max(0, left - 1)) > 0) {
								return response.status(500).send().then();
							}
							this.received.add(new Received(body, request.requestHeaders().get("X-Hub-Signature-256"),
									request.requestHeaders().get("Content-Type")));
							return response.status(200).sendString(Mono.just("EVENT_RECEIVED")).then();
						})))
			.bindNow();
	}

	String url() {
		return "http://localhost:" + this.server.port() + PATH;
	}

	List<Received> received() {
		return List.copyOf(this.received);
	}

	int attempts() {
		return this.attempts.get();
	}

	/** The next {@code count} posts are answered with 500. */
	void failNext(int count) {
		this.failuresLeft.set(count);
	}

	void clear() {
		this.received.clear();
		this.attempts.set(0);
		this.failuresLeft.set(0);
	}

	@Override
	public void close() {
		this.server.disposeNow();
	}

	/**
	 * One accepted post.
	 *
	 * @param body raw bytes as received
	 * @param signature X-Hub-Signature-256 header
	 * @param contentType Content-Type header
	 */
	record Received(byte[] body, String signature, String contentType) {

		String text() {
			return new String(this.body, StandardCharsets.UTF_8);
		}

		JsonNode json() {
			return Json.MAPPER.readTree(this.body);
		}

		JsonNode value() {
			return json().path("entry").path(0).path("changes").path(0).path("value");
		}

		JsonNode status() {
			return value().path("statuses").path(0);
		}

	}

}
