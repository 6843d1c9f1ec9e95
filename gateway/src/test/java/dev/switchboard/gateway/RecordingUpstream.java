package dev.switchboard.gateway;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import reactor.core.publisher.Sinks;
import reactor.netty.DisposableServer;
import reactor.netty.http.server.HttpServer;
import reactor.netty.http.server.HttpServerRequest;
import reactor.netty.http.server.HttpServerResponse;
import reactor.netty.resources.LoopResources;

import org.springframework.http.HttpHeaders;

/**
 * A stand-in for a service behind the gateway: records every request it receives and
 * answers 200, echoing the request id like the services do. Paths ending in {@code /slow}
 * answer only after a long delay; paths ending in {@code /stream} answer Server-Sent
 * Events: one event at once, a heartbeat comment every 500 ms until
 * {@link #releaseStream()}, then a last event.
 */
final class RecordingUpstream implements AutoCloseable {

	private final BlockingQueue<Received> received = new LinkedBlockingQueue<>();

	private final LoopResources loops;

	private final DisposableServer server;

	private volatile Sinks.Empty<Void> streamHeld = Sinks.empty();

	RecordingUpstream() {
		// Own event loops: a gateway context closing disposes Reactor Netty's global
		// ones.
		this.loops = LoopResources.create("recording-upstream", 2, true);
		this.server = HttpServer.create().runOn(this.loops).host("localhost").port(0).handle(this::record).bindNow();
	}

	String url() {
		return "http://localhost:" + this.server.port();
	}

	/**
	 * Takes the next recorded request, waiting a little for it.
	 * @return the request
	 */
	Received take() {
		try {
			Received next = this.received.poll(10, TimeUnit.SECONDS);
			if (next == null) {
				throw new AssertionError("The upstream received no request");
			}
			return next;
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			throw new IllegalStateException(ex);
		}
	}

	/** Lets the open event streams send their last event and end. */
	void releaseStream() {
		Sinks.Empty<Void> held = this.streamHeld;
		this.streamHeld = Sinks.empty();
		held.tryEmitEmpty();
	}

	boolean receivedNothing() {
		return this.received.isEmpty();
	}

	void clear() {
		this.received.clear();
	}

	private Mono<Void> record(HttpServerRequest request, HttpServerResponse response) {
		if (request.uri().endsWith("/stream")) {
			Sinks.Empty<Void> held = this.streamHeld;
			Flux<String> events = Flux.concat(Mono.just("event: first\ndata: {}\n\n"),
					Flux.interval(Duration.ofMillis(500)).map((tick) -> ":heartbeat\n\n").takeUntilOther(held.asMono()),
					Mono.just("event: last\ndata: {}\n\n"));
			return response.header("Content-Type", "text/event-stream").sendString(events).then();
		}
		HttpHeaders headers = new HttpHeaders();
		for (Map.Entry<String, String> header : request.requestHeaders()) {
			headers.add(header.getKey(), header.getValue());
		}
		return request.receive().aggregate().asString(StandardCharsets.UTF_8).defaultIfEmpty("").flatMap((body) -> {
			this.received.add(new Received(request.method().name(), request.uri(), headers, body));
			String requestId = headers.getFirst("X-Request-Id");
			if (requestId != null) {
				response.header("X-Request-Id", requestId);
			}
			Mono<Void> answer = response.header("Content-Type", "application/json")
				.sendString(Mono.just("{\"accepted\":true}"))
				.then();
			return request.uri().endsWith("/slow") ? Mono.delay(Duration.ofSeconds(10)).then(answer) : answer;
		});
	}

	@Override
	public void close() {
		this.server.disposeNow();
		this.loops.dispose();
	}

	/**
	 * A request as the upstream saw it.
	 *
	 * @param method the HTTP method
	 * @param uri the path and query
	 * @param headers the headers
	 * @param body the body
	 */
	record Received(String method, String uri, HttpHeaders headers, String body) {

		List<String> header(String name) {
			List<String> values = this.headers.get(name);
			return (values != null) ? values : new ArrayList<>();
		}

	}

}
