package dev.switchboard.orders.sync;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;

import dev.switchboard.outbound.HostResolver;
import dev.switchboard.outbound.OutboundUrlPolicy;
import dev.switchboard.outbound.OutboundUrlProperties;
import dev.switchboard.orders.tenants.OrderTenantProperties.CbbAccount;
import io.netty.handler.codec.http.HttpResponseStatus;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import reactor.core.publisher.Mono;
import reactor.netty.DisposableServer;
import reactor.netty.http.server.HttpServer;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

/**
 * Transient CBB failures are retried the configured number of times, refusals never. A
 * local server plays CBB; each mode counts the calls it got.
 */
class CbbClientRetriesTest {

	private static final int RETRIES = 2;

	private static final Map<String, AtomicInteger> calls = new ConcurrentHashMap<>();

	private static DisposableServer server;

	private static CbbClient client;

	@BeforeAll
	static void start() {
		server = HttpServer.create()
			.host("localhost")
			.port(0)
			.route((routes) -> routes.get("/{mode}/api/contacts/{id}", (request, response) -> {
				String mode = request.param("mode");
				int call = calls.computeIfAbsent(mode, (key) -> new AtomicInteger()).incrementAndGet();
				return switch (mode) {
					case "down" -> response.status(HttpResponseStatus.SERVICE_UNAVAILABLE).send();
					case "recovers" -> (call == 1) ? response.status(HttpResponseStatus.BAD_GATEWAY).send()
							: response.sendString(Mono.just("{\"phone\":\"+972500000001\"}"));
					case "rejects" -> response.status(HttpResponseStatus.BAD_REQUEST)
						.sendString(Mono.just("{\"error\":\"invalid id\"}"));
					case "refuses" -> response.sendString(Mono.just("{\"success\":false,\"error\":\"no\"}"));
					default -> response.sendString(Mono.just("{}"));
				};
			}))
			.bindNow();
		OutboundUrlPolicy policy = new OutboundUrlPolicy(
				new OutboundUrlProperties(true, List.of("localhost:" + server.port()), Duration.ofSeconds(30)),
				HostResolver.JDK);
		client = new CbbClient(new SyncProperties(Duration.ZERO, RETRIES, Duration.ofMillis(1), Duration.ofSeconds(5),
				Duration.ofMillis(250), 50, 8, Duration.ofMinutes(2)), policy);
	}

	@AfterAll
	static void stop() {
		server.disposeNow();
	}

	@Test
	void anOutageIsTriedOnceAndThenRetriedBeforeItFails() {
		CbbFailure failure = contactFailure("down");
		assertThat(failure.isTransient()).isTrue();
		assertThat(calls.get("down")).hasValue(1 + RETRIES);
	}

	@Test
	void aRetryThatSucceedsIsTheAnswer() {
		assertThat(contact("recovers").block(Duration.ofSeconds(20))).isNotNull();
		assertThat(calls.get("recovers")).hasValue(2);
	}

	@Test
	void refusalsAreNotRetried() {
		assertThat(contactFailure("rejects").getMessage()).isEqualTo("CBB answered 400: invalid id");
		assertThat(contactFailure("refuses").getMessage()).isEqualTo("CBB refused the request: no");
		assertThat(calls.get("rejects")).hasValue(1);
		assertThat(calls.get("refuses")).hasValue(1);
	}

	private static Mono<?> contact(String mode) {
		return client.contact(
				new CbbAccount("http://localhost:" + server.port() + "/" + mode + "/api", "token", List.of()),
				"972500000001");
	}

	private static CbbFailure contactFailure(String mode) {
		return catchThrowableOfType(CbbFailure.class, () -> contact(mode).block(Duration.ofSeconds(20)));
	}

}
