package dev.switchboard.ingest.whatsapp;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.time.Duration;

import dev.switchboard.ingest.whatsapp.signature.SignatureVerifier;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.SpringBootTest.WebEnvironment;
import org.springframework.boot.test.web.server.LocalManagementPort;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.http.MediaType;
import org.springframework.test.context.ActiveProfiles;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import org.springframework.test.web.reactive.server.WebTestClient;

import static dev.switchboard.ingest.whatsapp.WebhookFixtures.DEMO_PHONE_NUMBER_ID;
import static dev.switchboard.ingest.whatsapp.WebhookFixtures.DEMO_SECRET;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * With no Kafka listening, the service still starts and answers 503 in bounded time, so
 * Meta retries instead of believing the webhook was stored.
 */
@SpringBootTest(webEnvironment = WebEnvironment.RANDOM_PORT,
		properties = { "switchboard.kafka.delivery-timeout=2s", "switchboard.ingest.publish-timeout=1500ms" })
@ActiveProfiles("local")
class KafkaUnavailableIT {

	@LocalServerPort
	private int port;

	@LocalManagementPort
	private int managementPort;

	private WebTestClient client;

	@DynamicPropertySource
	static void closedKafka(DynamicPropertyRegistry registry) {
		registry.add("switchboard.kafka.bootstrap-servers", () -> "127.0.0.1:" + closedPort());
	}

	@BeforeEach
	void connect() {
		this.client = WebTestClient.bindToServer()
			.baseUrl("http://localhost:" + this.port)
			.responseTimeout(Duration.ofSeconds(30))
			.build();
	}

	@Test
	void answers503WithRetryAfterWhenKafkaDoesNotAcknowledge() {
		byte[] body = WebhookFixtures.statusBatch(DEMO_PHONE_NUMBER_ID, 1, 3);
		long started = System.nanoTime();

		this.client.post()
			.uri("/webhooks/whatsapp")
			.contentType(MediaType.APPLICATION_JSON)
			.header(SignatureVerifier.HEADER, SignatureVerifier.sign(body, DEMO_SECRET))
			.bodyValue(body)
			.exchange()
			.expectStatus()
			.isEqualTo(503)
			.expectHeader()
			.valueEquals("Retry-After", "5")
			.expectHeader()
			.contentType(MediaType.APPLICATION_PROBLEM_JSON)
			.expectBody()
			.jsonPath("$.code")
			.isEqualTo("EVENT_STORE_UNAVAILABLE");

		assertThat(Duration.ofNanos(System.nanoTime() - started)).isLessThan(Duration.ofSeconds(10));
	}

	@Test
	void staysLiveWithoutKafka() {
		this.client.get().uri("/livez").exchange().expectStatus().isOk();
		this.client.get()
			.uri("http://localhost:" + this.managementPort + "/actuator/health/liveness")
			.exchange()
			.expectStatus()
			.isOk();
	}

	/** A local port nothing listens on: bound, then released. */
	private static int closedPort() {
		try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
			return socket.getLocalPort();
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
	}

}
