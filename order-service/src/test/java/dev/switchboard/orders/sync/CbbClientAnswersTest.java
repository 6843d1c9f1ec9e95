package dev.switchboard.orders.sync;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;

import dev.switchboard.outbound.HostResolver;
import dev.switchboard.outbound.OutboundUrlPolicy;
import dev.switchboard.outbound.OutboundUrlProperties;
import dev.switchboard.orders.tenants.OrderTenantProperties.CbbAccount;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import reactor.netty.DisposableServer;
import reactor.netty.http.server.HttpServer;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

/**
 * CBB's answers are size-, time- and shape-checked, and an account URL the outbound
 * policy refuses is a final refusal without a call. A local server plays CBB.
 */
class CbbClientAnswersTest {

	private static final AtomicInteger calls = new AtomicInteger();

	private static DisposableServer server;

	private static CbbClient client;

	@BeforeAll
	static void start() {
		server = HttpServer.create()
			.host("localhost")
			.port(0)
			.route((routes) -> routes.get("/{mode}/api/accounts/custom_fields/name/{name}", (request, response) -> {
				calls.incrementAndGet();
				return switch (request.param("mode")) {
					case "big" -> response.sendString(Mono.just("{\"id\":\"" + "1".repeat(300 * 1024) + "\"}"));
					case "slow" ->
						response.sendString(Flux.interval(Duration.ofMillis(200)).map((tick) -> " ").take(100));
					case "shape" -> response.sendString(Mono.just("{\"id\":{\"nested\":1}}"));
					case "malformed" -> response.sendString(Mono.just("{\"id\":"));
					default -> response.sendString(Mono.just("{\"id\":\"cf_77\"}"));
				};
			}))
			.bindNow();
		OutboundUrlPolicy policy = new OutboundUrlPolicy(
				new OutboundUrlProperties(true, List.of("localhost:" + server.port()), Duration.ofSeconds(30)),
				HostResolver.JDK);
		client = new CbbClient(new SyncProperties(Duration.ZERO, 0, Duration.ofMillis(10), Duration.ofSeconds(3),
				Duration.ofMillis(250), 50, 8, Duration.ofMinutes(2)), policy);
		fieldId("http://localhost:" + server.port() + "/warm-up/api");
	}

	@AfterAll
	static void stop() {
		server.disposeNow();
	}

	@Test
	void aWellFormedAnswerIsUsed() {
		assertThat(client.fieldId(account("http://localhost:" + server.port() + "/ok/api"), "order", null)
			.block(Duration.ofSeconds(20))).isEqualTo("cf_77");
	}

	@Test
	void untrustworthyAnswersFailTheCall() {
		assertThat(fieldId("http://localhost:" + server.port() + "/big/api").getMessage()).contains("answer too large");
		assertThat(fieldId("http://localhost:" + server.port() + "/slow/api").getMessage())
			.contains("no answer within");
		assertThat(fieldId("http://localhost:" + server.port() + "/shape/api").getMessage()).contains("has no id");
		assertThat(fieldId("http://localhost:" + server.port() + "/malformed/api").getMessage())
			.contains("unreadable answer");
	}

	@Test
	void aRefusedAccountUrlIsAFinalRefusalWithoutACall() {
		int before = calls.get();
		CbbFailure failure = fieldId("http://127.0.0.1:" + server.port() + "/ok/api");
		assertThat(failure.isTransient()).isFalse();
		assertThat(failure.getMessage()).contains("base URL is a loopback address (127.0.0.1)");
		CbbFailure byName = fieldId("http://localhost:" + (server.port() + 1) + "/ok/api");
		assertThat(byName.isTransient()).isFalse();
		assertThat(byName.getMessage()).contains("base URL resolves to a loopback address");
		assertThat(calls).hasValue(before);
	}

	private static CbbFailure fieldId(String baseUrl) {
		return catchThrowableOfType(CbbFailure.class,
				() -> client.fieldId(account(baseUrl), "order", null).block(Duration.ofSeconds(20)));
	}

	private static CbbAccount account(String baseUrl) {
		return new CbbAccount(baseUrl, "token", List.of());
	}

}
