package dev.switchboard.simulators;

import java.util.function.BiFunction;
import java.util.function.Function;

import io.netty.handler.codec.http.HttpHeaderNames;
import org.reactivestreams.Publisher;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import reactor.core.publisher.Mono;
import reactor.netty.http.server.HttpServerRequest;
import reactor.netty.http.server.HttpServerResponse;

/**
 * Adapts endpoint functions ({@link SimRequest} to {@link Reply}) to Reactor Netty
 * routes.
 */
final class Endpoints {

	private static final Logger log = LoggerFactory.getLogger(Endpoints.class);

	private Endpoints() {
	}

	static BiFunction<HttpServerRequest, HttpServerResponse, Publisher<Void>> handler(
			Function<SimRequest, Mono<Reply>> endpoint) {
		return (request, response) -> request.receive()
			.aggregate()
			.asByteArray()
			.defaultIfEmpty(new byte[0])
			.map((body) -> SimRequest.of(request.params(), request.uri(), request.requestHeaders(), body))
			.flatMap(endpoint)
			.onErrorResume((ex) -> {
				log.warn("Simulator endpoint {} {} failed", request.method(), request.path(), ex);
				return Mono.just(Reply.json(500, Json.object().put("error", "simulator failure")));
			})
			.flatMap((reply) -> send(response, reply));
	}

	static BiFunction<HttpServerRequest, HttpServerResponse, Publisher<Void>> notFound() {
		return handler((request) -> Mono.just(Reply.json(404, Json.object().put("error", "no such endpoint"))));
	}

	private static Mono<Void> send(HttpServerResponse response, Reply reply) {
		response.status(reply.status());
		if (reply.body().length == 0) {
			return response.send().then();
		}
		return response.header(HttpHeaderNames.CONTENT_TYPE, "application/json; charset=UTF-8")
			.sendByteArray(Mono.just(reply.body()))
			.then();
	}

}
