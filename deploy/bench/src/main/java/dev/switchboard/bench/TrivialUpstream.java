package dev.switchboard.bench;

import java.util.concurrent.CountDownLatch;

import reactor.core.publisher.Mono;
import reactor.netty.DisposableServer;
import reactor.netty.http.server.HttpServer;

/**
 * The service behind the gateway in the gateway benchmark: Reactor Netty answering every
 * request with a small JSON body and nothing else (also {@code /readyz}, so the bench can
 * wait for it). Usage: {@code TrivialUpstream --server.port=<port>}.
 */
public final class TrivialUpstream {

	private TrivialUpstream() {
	}

	public static void main(String[] args) throws InterruptedException {
		int port = 8099;
		for (String arg : args) {
			if (arg.startsWith("--server.port=")) {
				port = Integer.parseInt(arg.substring("--server.port=".length()));
			}
		}
		DisposableServer server = HttpServer.create()
			.host("localhost")
			.port(port)
			.handle((request, response) -> request.receive()
				.then(response.header("Content-Type", "application/json")
					.sendString(Mono.just("{\"status\":\"UP\"}"))
					.then()))
			.bindNow();
		CountDownLatch stopped = new CountDownLatch(1);
		Runtime.getRuntime().addShutdownHook(new Thread(() -> {
			server.disposeNow();
			stopped.countDown();
		}, "upstream-shutdown"));
		stopped.await();
	}

}
