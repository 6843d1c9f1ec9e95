package dev.switchboard.messaging.messages.delivery;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicInteger;

import dev.switchboard.outbound.HostResolver;
import dev.switchboard.outbound.OutboundUrlPolicy;
import dev.switchboard.outbound.OutboundUrlProperties;
import dev.switchboard.messaging.channels.Channel;
import dev.switchboard.messaging.channels.Provider;
import dev.switchboard.messaging.messages.delivery.ProviderException.Outcome;
import io.micrometer.observation.ObservationRegistry;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import reactor.netty.DisposableServer;
import reactor.netty.http.server.HttpServer;
import reactor.netty.http.server.HttpServerRequest;
import reactor.netty.http.server.HttpServerResponse;

import org.springframework.beans.factory.ObjectProvider;
import org.springframework.beans.factory.support.StaticListableBeanFactory;
import org.springframework.util.unit.DataSize;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

/**
 * Meta's and CBB's answers are not trusted: too large, too slow, malformed or of the
 * wrong shape, each ends the call with a stated outcome (never an unhandled error), and a
 * redirect is not followed. A local server plays the provider; each path of it answers
 * one way.
 */
class ProviderAnswersTest {

	private static final AtomicInteger redirectTargetHits = new AtomicInteger();

	private static DisposableServer server;

	private static MetaGraphProvider meta;

	private static CbbProvider cbb;

	@BeforeAll
	static void start() {
		server = HttpServer.create()
			.host("localhost")
			.port(0)
			.route((routes) -> routes.post("/{mode}/v23.0/{number}/messages", ProviderAnswersTest::answer)
				.post("/{mode}/api/contacts/{contact}/send_content", ProviderAnswersTest::answer)
				.post("/{mode}/api/contacts",
						(request, response) -> request.receive()
							.then(response.header("Content-Type", "application/json")
								.sendString(Flux.interval(Duration.ofMillis(200)).map((tick) -> " ").take(100))
								.then()))
				.route((request) -> request.uri().startsWith("/inside"), (request, response) -> {
					redirectTargetHits.incrementAndGet();
					return response.sendString(Mono.just("{\"success\":true}"));
				}))
			.bindNow();
		MetaProperties properties = new MetaProperties("http://localhost:" + server.port(), "v23.0",
				Duration.ofSeconds(2), Duration.ofSeconds(3), DataSize.ofKilobytes(256));
		ObjectProvider<ObservationRegistry> observations = new StaticListableBeanFactory()
			.getBeanProvider(ObservationRegistry.class);
		OutboundUrlPolicy policy = new OutboundUrlPolicy(
				new OutboundUrlProperties(true, List.of("localhost:" + server.port()), Duration.ofSeconds(30)),
				HostResolver.JDK);
		meta = new MetaGraphProvider(properties, observations);
		cbb = new CbbProvider(properties, policy, observations);
		// The first call of a JVM loads and instruments a lot: not what the timeouts
		// measure.
		failure(meta, metaChannel("warm-up"));
		failure(cbb, cbbChannel("http://localhost:" + server.port() + "/warm-up/api"));
	}

	@AfterAll
	static void stop() {
		server.disposeNow();
	}

	@BeforeEach
	void reset() {
		redirectTargetHits.set(0);
	}

	private static Mono<Void> answer(HttpServerRequest request, HttpServerResponse response) {
		String json = "application/json";
		return request.receive().then(switch (request.param("mode")) {
			case "big" -> response.header("Content-Type", json)
				.sendString(Mono.just("{\"messages\":[{\"id\":\"wamid.X\"}],\"success\":true,\"pad\":\""
						+ "x".repeat(300 * 1024) + "\"}"))
				.then();
			case "slow" -> response.header("Content-Type", json)
				.sendString(Flux.interval(Duration.ofMillis(200)).map((tick) -> " ").take(100))
				.then();
			case "malformed" -> response.header("Content-Type", json).sendString(Mono.just("{\"messages\":[{")).then();
			case "shape" -> response.header("Content-Type", json)
				.sendString(Mono.just("{\"messages\":{\"id\":\"wamid.X\"},\"success\":\"maybe\"}"))
				.then();
			case "gateway" -> response.status(504)
				.header("Content-Type", json)
				.sendString(Mono.just("{\"success\":false,\"error\":{\"message\":\"(#131000) Something went wrong\","
						+ "\"type\":\"OAuthException\",\"code\":131000}}"))
				.then();
			case "nocontact" -> response.header("Content-Type", json)
				.sendString(Mono.just("{\"success\":false,\"error\":\"Contact not found\"}"))
				.then();
			case "array" -> response.header("Content-Type", json).sendString(Mono.just("[1,2,3]")).then();
			case "badid" -> response.header("Content-Type", json)
				.sendString(Mono.just("{\"messages\":[{\"id\":\"<script>alert(1)</script>\"}]}"))
				.then();
			case "redirect" -> response.status(302)
				.header("Location", "/inside/after-redirect")
				.header("Content-Type", json)
				.sendString(Mono.just("{}"))
				.then();
			default -> response.status(404).send().then();
		});
	}

	@ParameterizedTest
	@CsvSource(delimiter = '|',
			value = { "big|Provider answer too large", "slow|No answer from the provider",
					"malformed|Send answer without a message id", "shape|Send answer without a message id",
					"array|Send answer without a message id", "badid|Send answer with a malformed message id" })
	void metaAnswersThatCannotBeTrustedLeaveTheOutcomeUnknown(String mode, String title) {
		ProviderException ex = failure(meta, metaChannel(mode));
		assertThat(ex.outcome()).isEqualTo(Outcome.UNKNOWN);
		assertThat(ex.title()).isEqualTo(title);
	}

	@ParameterizedTest
	@CsvSource(delimiter = '|', value = { "big|Provider answer too large", "slow|No answer from the provider",
			"malformed|Unreadable CBB answer", "shape|Unreadable CBB answer", "array|Unreadable CBB answer" })
	void cbbAnswersThatCannotBeTrustedLeaveTheOutcomeUnknown(String mode, String title) {
		ProviderException ex = failure(cbb, cbbChannel("http://localhost:" + server.port() + "/" + mode + "/api"));
		assertThat(ex.outcome()).isEqualTo(Outcome.UNKNOWN);
		assertThat(ex.title()).isEqualTo(title);
	}

	@Test
	void aGatewayTimeoutLeavesTheOutcomeUnknownWhateverErrorItCarries() {
		assertThat(failure(meta, metaChannel("gateway")).outcome()).isEqualTo(Outcome.UNKNOWN);
		assertThat(failure(cbb, cbbChannel("http://localhost:" + server.port() + "/gateway/api")).outcome())
			.isEqualTo(Outcome.UNKNOWN);
	}

	@Test
	void aCbbContactThatWasNotCreatedInTimeMeansNothingWasSent() {
		ProviderException ex = failure(cbb, cbbChannel("http://localhost:" + server.port() + "/nocontact/api"));
		assertThat(ex.outcome()).isEqualTo(Outcome.NOT_SENT);
		assertThat(ex.title()).isEqualTo("CBB contact not created");
	}

	@Test
	void redirectsAreNotFollowed() {
		assertThat(failure(meta, metaChannel("redirect")).outcome()).isEqualTo(Outcome.REJECTED);
		assertThat(failure(cbb, cbbChannel("http://localhost:" + server.port() + "/redirect/api")).outcome())
			.isEqualTo(Outcome.REJECTED);
		assertThat(redirectTargetHits).hasValue(0);
	}

	@Test
	void aCbbUrlThePolicyRefusesIsAFinalRejectionWithoutACall() {
		for (String url : List.of("http://127.0.0.1:" + server.port() + "/inside/api",
				"http://localhost:" + (server.port() + 1) + "/inside/api", "https://169.254.169.254/inside/api",
				"https://user@localhost:" + server.port() + "/inside/api")) {
			ProviderException ex = failure(cbb, cbbChannel(url));
			assertThat(ex.outcome()).isEqualTo(Outcome.REJECTED);
			assertThat(ex.code()).isNull();
			assertThat(ex.title()).isEqualTo("Channel URL refused");
			assertThat(ErrorCatalog.isTransient(ex.code())).isFalse();
		}
		assertThat(redirectTargetHits).hasValue(0);
	}

	private static ProviderException failure(MessageProvider provider, Channel channel) {
		OutboundMessage message = new OutboundMessage(channel, UUID.randomUUID(), "+16505551234", "text",
				Map.of("body", "Hi"), null);
		return catchThrowableOfType(ProviderException.class,
				() -> provider.send(message).block(Duration.ofSeconds(20)));
	}

	private static Channel metaChannel(String mode) {
		return new Channel("demo", "demo-meta", Provider.META, "100000000000001", "token",
				"http://localhost:" + server.port() + "/" + mode, 80);
	}

	private static Channel cbbChannel(String baseUrl) {
		return new Channel("demo", "demo-cbb", Provider.CBB, "100000000000001", "token", baseUrl, 80);
	}

}
