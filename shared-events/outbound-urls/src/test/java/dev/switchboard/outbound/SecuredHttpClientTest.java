package dev.switchboard.outbound;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import reactor.core.publisher.Mono;
import reactor.netty.DisposableServer;
import reactor.netty.http.client.HttpClient;
import reactor.netty.http.server.HttpServer;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * The policy inside a real HTTP client against a local server: the address connected to
 * is checked (names and literals), and a redirect to an internal URL is not followed.
 */
class SecuredHttpClientTest {

	private static final AtomicInteger internalHits = new AtomicInteger();

	private static DisposableServer server;

	/** {@code sim.test} is this machine; nothing else resolves. */
	private static final HostResolver RESOLVER = (host) -> {
		if ("sim.test".equals(host) || "localhost".equals(host)) {
			return new InetAddress[] { InetAddress.getByAddress(host, new byte[] { 127, 0, 0, 1 }) };
		}
		throw new UnknownHostException(host);
	};

	@BeforeAll
	static void start() {
		server = HttpServer.create()
			.host("127.0.0.1")
			.port(0)
			.route((routes) -> routes
				.get("/redirect",
						(request, response) -> response.status(302)
							.header("Location", "http://localhost:" + server.port() + "/internal")
							.send())
				.get("/internal", (request, response) -> {
					internalHits.incrementAndGet();
					return response.sendString(Mono.just("internal"));
				}))
			.bindNow();
	}

	@AfterAll
	static void stop() {
		server.disposeNow();
	}

	@BeforeEach
	void reset() {
		internalHits.set(0);
	}

	@Test
	void aRedirectIsNotFollowed() {
		HttpClient client = policy(List.of("localhost:" + server.port())).secure(HttpClient.create());
		Integer status = client.get()
			.uri("http://localhost:" + server.port() + "/redirect")
			.response()
			.map((response) -> response.status().code())
			.block(Duration.ofSeconds(10));
		assertThat(status).isEqualTo(302);
		assertThat(internalHits).hasValue(0);
		// Even a client that was told to follow redirects is reset by the policy.
		HttpClient following = policy(List.of("localhost:" + server.port()))
			.secure(HttpClient.create().followRedirect(true));
		assertThat(following.get()
			.uri("http://localhost:" + server.port() + "/redirect")
			.response()
			.map((response) -> response.status().code())
			.block(Duration.ofSeconds(10))).isEqualTo(302);
		assertThat(internalHits).hasValue(0);
	}

	@Test
	void aConnectionToAForbiddenAddressIsNeverOpened() {
		HttpClient client = policy(List.of()).secure(HttpClient.create());
		for (String url : List.of("http://sim.test:" + server.port() + "/internal",
				"http://127.0.0.1:" + server.port() + "/internal", "http://localhost:" + server.port() + "/internal")) {
			assertThatThrownBy(() -> client.get().uri(url).response().block(Duration.ofSeconds(10)))
				.satisfies((ex) -> assertThat(OutboundUrlRefused.in(ex)).isNotNull()
					.extracting(OutboundUrlRefused::reason)
					.asString()
					.contains("a loopback address (127.0.0.1)"));
		}
		assertThat(internalHits).hasValue(0);
	}

	@Test
	void anAllowListedNameIsResolvedByThePolicyAndReached() {
		HttpClient client = policy(List.of("sim.test:" + server.port())).secure(HttpClient.create());
		String body = client.get()
			.uri("http://sim.test:" + server.port() + "/internal")
			.responseContent()
			.aggregate()
			.asString()
			.block(Duration.ofSeconds(10));
		assertThat(body).isEqualTo("internal");
		assertThat(internalHits).hasValue(1);
	}

	private static OutboundUrlPolicy policy(List<String> allowedHosts) {
		return new OutboundUrlPolicy(new OutboundUrlProperties(true, allowedHosts, Duration.ofSeconds(30)), RESOLVER);
	}

}
