package dev.switchboard.ingest.orders;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.time.Duration;
import java.time.Instant;
import java.util.List;

import dev.switchboard.events.EventEnvelope;
import dev.switchboard.events.kafka.EventPublisher;
import dev.switchboard.ingest.IngestProperties;
import dev.switchboard.ingest.channels.TenantChannels;
import dev.switchboard.ingest.web.ProblemException;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import org.junit.jupiter.api.Test;
import reactor.core.publisher.Mono;
import reactor.test.StepVerifier;

import org.springframework.data.redis.core.ReactiveStringRedisTemplate;
import org.springframework.data.redis.core.ReactiveValueOperations;
import org.springframework.http.HttpStatus;

import static org.assertj.core.api.Assertions.assertThat;
import static org.mockito.ArgumentMatchers.any;
import static org.mockito.ArgumentMatchers.anyString;
import static org.mockito.ArgumentMatchers.eq;
import static org.mockito.BDDMockito.given;
import static org.mockito.BDDMockito.then;
import static org.mockito.Mockito.mock;
import static org.mockito.Mockito.never;

class OrderIngestTest {

	private static final String SECRET = "whsec_ZGVtby12aXppLXNpZ25pbmctc2VjcmV0";

	private final EventPublisher publisher = mock(EventPublisher.class);

	@SuppressWarnings("unchecked")
	private final ReactiveValueOperations<String, String> values = mock(ReactiveValueOperations.class);

	private final SimpleMeterRegistry registry = new SimpleMeterRegistry();

	@Test
	void keepsAcceptingWhenRedisIsDownAndCountsIt() {
		given(this.values.get(anyString())).willReturn(Mono.error(new IllegalStateException("connection refused")));
		given(this.values.setIfAbsent(anyString(), anyString(), any(Duration.class)))
			.willReturn(Mono.error(new IllegalStateException("connection refused")));
		given(this.publisher.publish(any(EventEnvelope.class), anyString())).willReturn(Mono.empty());

		StepVerifier.create(ingest().receive("vizi", delivery("msg_1")))
			.assertNext((answer) -> assertThat(answer).isEqualTo(OrderAnswer.accepted("IL250101IN99")))
			.verifyComplete();

		assertThat(this.registry.counter(OrderMetrics.IDEMPOTENCY_UNAVAILABLE, "kind", "order").count()).isEqualTo(2);
	}

	@Test
	void answersARepeatFromTheStoreWithoutPublishing() {
		given(this.values.get(anyString()))
			.willReturn(Mono.just("{\"status\":202,\"body\":{\"orderId\":\"IL250101IN99\",\"status\":\"accepted\"}}"));

		StepVerifier.create(ingest().receive("vizi", delivery("msg_1")))
			.assertNext((answer) -> assertThat(answer).isEqualTo(OrderAnswer.accepted("IL250101IN99")))
			.verifyComplete();

		then(this.publisher).should(never()).publish(any(EventEnvelope.class), anyString());
	}

	@Test
	void answers503WithRetryAfterWhenKafkaDoesNotAcknowledge() {
		given(this.values.get(anyString())).willReturn(Mono.empty());
		given(this.publisher.publish(any(EventEnvelope.class), anyString())).willReturn(Mono.never());

		StepVerifier.create(ingest().receive("vizi", delivery("msg_1")))
			.expectErrorSatisfies((ex) -> assertThat(ex).isInstanceOfSatisfying(ProblemException.class, (problem) -> {
				assertThat(problem.status()).isEqualTo(HttpStatus.SERVICE_UNAVAILABLE);
				assertThat(problem.code()).isEqualTo("EVENT_STORE_UNAVAILABLE");
				assertThat(problem.retryAfter()).isEqualTo(Duration.ofSeconds(5));
			}))
			.verify(Duration.ofSeconds(10));
		then(this.values).should(never()).setIfAbsent(anyString(), anyString(), any(Duration.class));
	}

	@Test
	void findsTheTenantWhoseSecretSignedTheDelivery() {
		given(this.values.get(anyString())).willReturn(Mono.empty());
		given(this.values.setIfAbsent(anyString(), anyString(), any(Duration.class))).willReturn(Mono.just(true));
		given(this.publisher.publish(any(EventEnvelope.class), anyString())).willReturn(Mono.empty());

		StepVerifier.create(ingest().receive("vizi", delivery("msg_1"))).expectNextCount(1).verifyComplete();

		then(this.publisher).should().publish(any(EventEnvelope.class), eq("demo:IL250101IN99"));
	}

	@Test
	void answersTheSignatureErrorForABodyThatIsNotJsonWithoutParsingIt() {
		byte[] body = "{\"order\": not json".getBytes(java.nio.charset.StandardCharsets.UTF_8);
		long now = Instant.now().getEpochSecond();
		String wrong = StandardWebhooks.sign(OrderSourceConfig.decode("whsec_Z3Vlc3NlZC1zZWNyZXQ="), "msg_x", now,
				body);

		StepVerifier
			.create(ingest().receive("vizi",
					new OrderDelivery("msg_x", Long.toString(now), wrong, null, body, "corr-1")))
			.verifyErrorSatisfies((ex) -> assertThat(ex).isInstanceOfSatisfying(ProblemException.class, (problem) -> {
				assertThat(problem.status()).isEqualTo(HttpStatus.UNAUTHORIZED);
				assertThat(problem.code()).isEqualTo("INVALID_SIGNATURE");
			}));

		assertThat(this.registry.find(OrderMetrics.REJECTED).tag("reason", "invalid_order").counter()).isNull();
		then(this.values).shouldHaveNoInteractions();
	}

	private OrderIngest ingest() {
		ReactiveStringRedisTemplate redis = mock(ReactiveStringRedisTemplate.class);
		given(redis.opsForValue()).willReturn(this.values);
		OrderSourceProperties sources = new OrderSourceProperties(
				List.of(new OrderSourceConfig("acme", "vizi", List.of("whsec_b3RoZXItc2VjcmV0")),
						new OrderSourceConfig("demo", "vizi", List.of(SECRET))),
				null, Duration.ofMillis(500));
		OrderMetrics metrics = new OrderMetrics(this.registry);
		IngestProperties properties = new IngestProperties(List.of(), null, Duration.ofMillis(300));
		return new OrderIngest(new OrderSources(sources, TenantChannels.none()),
				new IdempotencyStore(redis, metrics, sources), this.publisher, metrics, properties);
	}

	private static OrderDelivery delivery(String webhookId) {
		byte[] body = example();
		long now = Instant.now().getEpochSecond();
		String signature = StandardWebhooks.sign(OrderSourceConfig.decode(SECRET), webhookId, now, body);
		return new OrderDelivery(webhookId, Long.toString(now), signature, null, body, "corr-1");
	}

	private static byte[] example() {
		try (InputStream in = OrderIngestTest.class.getResourceAsStream("/orders/vizi-order-example.json")) {
			return in.readAllBytes();
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
	}

}
