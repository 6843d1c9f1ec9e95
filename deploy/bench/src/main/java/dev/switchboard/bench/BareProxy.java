package dev.switchboard.bench;

import java.util.concurrent.CountDownLatch;

import io.netty.handler.codec.http.HttpHeaderNames;
import reactor.netty.DisposableServer;
import reactor.netty.http.client.HttpClient;
import reactor.netty.http.server.HttpServer;
import reactor.netty.resources.ConnectionProvider;

/**
 * The floor of the gateway benchmark: the least a Reactor Netty proxy does per request
 * (accept, copy the request headers, call the upstream over a pooled connection, copy the
 * answer back), with no routing, filters, observations or Spring. The gateway is measured
 * against it in the same run: what the gateway adds above this is framework work, what
 * this costs against direct is the price of any JVM proxy on the machine. Usage:
 * {@code BareProxy --server.port=<port> --upstream=http://localhost:<port>}.
 */
public final class BareProxy {

	private BareProxy() {
	}

	public static void main(String[] args) throws InterruptedException {
		int port = 0;
		String upstream = null;
		for (String arg : args) {
			if (arg.startsWith("--server.port=")) {
				port = Integer.parseInt(arg.substring("--server.port=".length()));
			}
			else if (arg.startsWith("--upstream=")) {
				upstream = arg.substring("--upstream=".length());
			}
		}
		if (upstream == null) {
			throw new IllegalArgumentException("--upstream=<base url> is required");
		}
		HttpClient client = HttpClient.create(ConnectionProvider.builder("bare-proxy").maxConnections(500).build())
			.baseUrl(upstream);
		DisposableServer server = HttpServer.create()
			.host("localhost")
			.port(port)
			.route((routes) -> routes
				.get("/readyz",
						(request, response) -> response
							.sendString(reactor.core.publisher.Mono.just("{\"status\":\"UP\"}")))
				.route((request) -> true,
						(request, response) -> client
							.headers((headers) -> headers.set(request.requestHeaders()).remove(HttpHeaderNames.HOST))
							.request(request.method())
							.uri(request.uri())
							.send(request.receive().retain())
							.response((answer, body) -> response.status(answer.status())
								.headers(answer.responseHeaders())
								.send(body.retain())
								.then())))
			.bindNow();
		CountDownLatch stopped = new CountDownLatch(1);
		Runtime.getRuntime().addShutdownHook(new Thread(() -> {
			server.disposeNow();
			stopped.countDown();
		}, "bare-proxy-shutdown"));
		stopped.await();
	}

}
