package dev.switchboard.messaging;

import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.Queue;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;

import io.netty.handler.codec.http.HttpHeaderNames;
import reactor.core.publisher.Mono;
import reactor.core.publisher.Sinks;
import reactor.netty.DisposableServer;
import reactor.netty.http.client.HttpClient;
import reactor.netty.http.server.HttpServer;
import reactor.netty.http.server.HttpServerRequest;
import reactor.netty.http.server.HttpServerResponse;

/**
 * A pass-through in front of the Meta simulator that can hold back the answer to a send
 * for one recipient: the simulator has accepted the message (its wamid is known) while
 * the service still waits for the answer, which is how a status webhook can overtake the
 * send response.
 */
final class GraphApiGate implements AutoCloseable {

	private final HttpClient upstream;

	private final Map<String, Sinks.Empty<Void>> gates = new ConcurrentHashMap<>();

	private final DisposableServer server;

	private final Queue<String> requests = new ConcurrentLinkedQueue<>();

	GraphApiGate(String upstreamBaseUrl) {
		this.upstream = HttpClient.create().baseUrl(upstreamBaseUrl);
		this.server = HttpServer.create().host("localhost").port(0).handle(this::forward).bindNow();
	}

	String baseUrl() {
		return "http://localhost:" + this.server.port();
	}

	/** Answers to sends for this recipient wait until {@link #release} is called. */
	void hold(String recipient) {
		this.gates.put(recipient, Sinks.empty());
	}

	void release(String recipient) {
		Sinks.Empty<Void> gate = this.gates.remove(recipient);
		if (gate != null) {
			gate.tryEmitEmpty();
		}
	}

	/** Send requests that reached the gate for this recipient. */
	long requests(String recipient) {
		return this.requests.stream().filter((body) -> body.contains("\"" + recipient + "\"")).count();
	}

	private Mono<Void> forward(HttpServerRequest request, HttpServerResponse response) {
		return request.receive()
			.aggregate()
			.asByteArray()
			.defaultIfEmpty(new byte[0])
			.doOnNext((body) -> this.requests.add(new String(body, StandardCharsets.UTF_8)))
			.flatMap((body) -> this.upstream
				.headers((headers) -> request.requestHeaders()
					.forEach((header) -> headers.set(header.getKey(), header.getValue())))
				.request(request.method())
				.uri(request.uri())
				.send((out, outbound) -> outbound.sendByteArray(Mono.just(body)))
				.responseSingle((answer, content) -> content.asByteArray()
					.defaultIfEmpty(new byte[0])
					.map((bytes) -> new Answer(answer.status().code(),
							answer.responseHeaders().get(HttpHeaderNames.CONTENT_TYPE), bytes)))
				.flatMap((answer) -> gateFor(body).thenReturn(answer)))
			.flatMap((answer) -> {
				response.status(answer.status());
				if (answer.contentType() != null) {
					response.header(HttpHeaderNames.CONTENT_TYPE, answer.contentType());
				}
				return response.sendByteArray(Mono.just(answer.body())).then();
			});
	}

	private Mono<Void> gateFor(byte[] body) {
		String text = new String(body, StandardCharsets.UTF_8);
		return this.gates.entrySet()
			.stream()
			.filter((gate) -> text.contains("\"" + gate.getKey() + "\""))
			.findFirst()
			.map((gate) -> gate.getValue().asMono())
			.orElseGet(Mono::empty);
	}

	@Override
	public void close() {
		this.gates.keySet().forEach(this::release);
		this.server.disposeNow();
	}

	private record Answer(int status, String contentType, byte[] body) {
	}

}
