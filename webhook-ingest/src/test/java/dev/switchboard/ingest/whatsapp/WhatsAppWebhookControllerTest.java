package dev.switchboard.ingest.whatsapp;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.List;

import dev.switchboard.events.kafka.EventPublisher;
import dev.switchboard.ingest.IngestProperties;
import dev.switchboard.ingest.channels.ChannelDirectory;
import dev.switchboard.ingest.channels.TenantChannels;
import dev.switchboard.ingest.web.BodyPermits;
import dev.switchboard.ingest.whatsapp.dedup.DedupClaim;
import dev.switchboard.ingest.whatsapp.dedup.Deduplicator;
import dev.switchboard.ingest.whatsapp.metrics.IngestMetrics;
import dev.switchboard.ingest.whatsapp.signature.SignatureVerifier;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.boot.test.context.TestConfiguration;
import org.springframework.boot.webflux.test.autoconfigure.WebFluxTest;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Import;
import org.springframework.core.io.buffer.DataBuffer;
import org.springframework.core.io.buffer.DefaultDataBufferFactory;
import org.springframework.http.MediaType;
import org.springframework.test.context.bean.override.mockito.MockitoBean;
import org.springframework.test.web.reactive.server.WebTestClient;

import static dev.switchboard.ingest.whatsapp.WebhookFixtures.DEMO_PHONE_NUMBER_ID;
import static dev.switchboard.ingest.whatsapp.WebhookFixtures.DEMO_SECRET;
import static org.mockito.ArgumentMatchers.anyList;
import static org.mockito.BDDMockito.given;
import static org.mockito.BDDMockito.then;
import static org.mockito.Mockito.never;
import static org.mockito.Mockito.times;

/**
 * The HTTP contract of the webhook, with Kafka replaced by a mock.
 */
@WebFluxTest(controllers = WhatsAppWebhookController.class,
		properties = { "switchboard.ingest.max-body-size=8KB", "switchboard.ingest.channels[0].tenant-id=demo",
				"switchboard.ingest.channels[0].channel-id=demo-meta",
				"switchboard.ingest.channels[0].phone-number-id=" + DEMO_PHONE_NUMBER_ID,
				"switchboard.ingest.channels[0].app-secrets[0]=" + DEMO_SECRET,
				"switchboard.ingest.channels[0].verify-token=demo-verify-token" })
@Import({ WhatsAppIngest.class, SignatureVerifier.class, IngestMetrics.class, ChannelDirectory.class, BodyPermits.class,
		TenantChannels.class, WhatsAppWebhookControllerTest.Metrics.class })
class WhatsAppWebhookControllerTest {

	private static final String PATH = "/webhooks/whatsapp";

	@Autowired
	private WebTestClient client;

	@MockitoBean
	private EventPublisher publisher;

	@MockitoBean
	private Deduplicator deduplicator;

	@BeforeEach
	void noRepeats() {
		given(this.deduplicator.claim(anyList())).willAnswer((call) -> DedupClaim.unchecked(call.getArgument(0)));
	}

	@Test
	void echoesTheChallengeOfAValidHandshake() {
		this.client.get()
			.uri(PATH + "?hub.mode=subscribe&hub.verify_token=demo-verify-token&hub.challenge=1158201444")
			.exchange()
			.expectStatus()
			.isOk()
			.expectHeader()
			.contentTypeCompatibleWith(MediaType.TEXT_PLAIN)
			.expectBody(String.class)
			.isEqualTo("1158201444");
	}

	@Test
	void refusesAHandshakeWithAWrongTokenOrMode() {
		for (String query : List.of("?hub.mode=subscribe&hub.verify_token=nope&hub.challenge=1",
				"?hub.mode=unsubscribe&hub.verify_token=demo-verify-token&hub.challenge=1", "")) {
			this.client.get()
				.uri(PATH + query)
				.exchange()
				.expectStatus()
				.isForbidden()
				.expectHeader()
				.contentType(MediaType.APPLICATION_PROBLEM_JSON)
				.expectBody()
				.jsonPath("$.code")
				.isEqualTo("VERIFY_TOKEN_MISMATCH");
		}
	}

	@Test
	void acceptsASignedStatusOnceItIsPublished() {
		given(this.publisher.publishAll(anyList())).willReturn(Mono.empty());
		byte[] body = WebhookFixtures.fixture("status-sent.json");

		post(body, SignatureVerifier.sign(body, DEMO_SECRET)).expectStatus()
			.isOk()
			.expectHeader()
			.exists("X-Request-Id")
			.expectHeader()
			.valueEquals("X-Correlation-Id", "corr-42");
		// The raw archive record and the status event, in one batch.
		then(this.publisher).should(times(1)).publishAll(anyList());
	}

	@Test
	void refusesAMissingOrWrongSignature() {
		byte[] body = WebhookFixtures.fixture("status-sent.json");

		post(body, null).expectStatus()
			.isUnauthorized()
			.expectHeader()
			.contentType(MediaType.APPLICATION_PROBLEM_JSON)
			.expectBody()
			.jsonPath("$.code")
			.isEqualTo("MISSING_SIGNATURE");
		post(body, SignatureVerifier.sign(body, "wrong")).expectStatus()
			.isUnauthorized()
			.expectBody()
			.jsonPath("$.code")
			.isEqualTo("INVALID_SIGNATURE")
			.jsonPath("$.status")
			.isEqualTo(401);
		then(this.publisher).should(never()).publishAll(anyList());
	}

	@Test
	void answers503WithRetryAfterWhenKafkaFails() {
		given(this.publisher.publishAll(anyList())).willReturn(Mono.error(new IllegalStateException("down")));
		byte[] body = WebhookFixtures.fixture("status-sent.json");

		post(body, SignatureVerifier.sign(body, DEMO_SECRET)).expectStatus()
			.isEqualTo(503)
			.expectHeader()
			.valueEquals("Retry-After", "5")
			.expectBody()
			.jsonPath("$.code")
			.isEqualTo("EVENT_STORE_UNAVAILABLE")
			.jsonPath("$.trace")
			.doesNotExist();
	}

	@Test
	void refusesBodiesThatAreNotJson() {
		this.client.post()
			.uri(PATH)
			.contentType(MediaType.TEXT_PLAIN)
			.bodyValue("hello")
			.exchange()
			.expectStatus()
			.isEqualTo(415)
			.expectBody()
			.jsonPath("$.code")
			.isEqualTo("UNSUPPORTED_MEDIA_TYPE");
	}

	@Test
	void refusesADeclaredBodyOverTheLimit() {
		byte[] body = new byte[8 * 1024 + 1];
		Arrays.fill(body, (byte) ' ');

		post(body, SignatureVerifier.sign(body, DEMO_SECRET)).expectStatus()
			.isEqualTo(413)
			.expectBody()
			.jsonPath("$.code")
			.isEqualTo("PAYLOAD_TOO_LARGE");
	}

	@Test
	void refusesAStreamedBodyOnceItCrossesTheLimit() {
		Flux<DataBuffer> chunks = Flux.range(0, 100)
			.map((index) -> DefaultDataBufferFactory.sharedInstance
				.wrap(" ".repeat(1024).getBytes(StandardCharsets.UTF_8)));

		this.client.post()
			.uri(PATH)
			.contentType(MediaType.APPLICATION_JSON)
			.header(SignatureVerifier.HEADER, "sha256=" + "0".repeat(64))
			.body(chunks, DataBuffer.class)
			.exchange()
			.expectStatus()
			.isEqualTo(413)
			.expectBody()
			.jsonPath("$.code")
			.isEqualTo("PAYLOAD_TOO_LARGE");
	}

	@Test
	void answersUnknownPathsAndMethodsWithProblems() {
		this.client.get()
			.uri("/nowhere")
			.exchange()
			.expectStatus()
			.isNotFound()
			.expectBody()
			.jsonPath("$.code")
			.isEqualTo("NOT_FOUND");
		this.client.delete()
			.uri(PATH)
			.exchange()
			.expectStatus()
			.isEqualTo(405)
			.expectBody()
			.jsonPath("$.code")
			.isEqualTo("METHOD_NOT_ALLOWED");
	}

	private WebTestClient.ResponseSpec post(byte[] body, String signature) {
		WebTestClient.RequestBodySpec request = this.client.post()
			.uri(PATH)
			.contentType(MediaType.APPLICATION_JSON)
			.header("X-Correlation-Id", "corr-42");
		if (signature != null) {
			request.header(SignatureVerifier.HEADER, signature);
		}
		return request.bodyValue(body).exchange();
	}

	@TestConfiguration(proxyBeanMethods = false)
	@EnableConfigurationProperties(IngestProperties.class)
	static class Metrics {

		@Bean
		MeterRegistry meterRegistry() {
			return new SimpleMeterRegistry();
		}

	}

}
