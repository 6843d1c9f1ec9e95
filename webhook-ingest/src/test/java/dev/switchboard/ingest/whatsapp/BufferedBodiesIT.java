package dev.switchboard.ingest.whatsapp;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;

import dev.switchboard.infra.SharedInfra;
import dev.switchboard.infra.SpringInfraProperties;
import dev.switchboard.ingest.whatsapp.signature.SignatureVerifier;
import io.micrometer.core.instrument.MeterRegistry;
import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.SpringBootTest.WebEnvironment;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.http.HttpHeaders;
import org.springframework.http.MediaType;
import org.springframework.test.context.ActiveProfiles;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import org.springframework.test.web.reactive.server.WebTestClient;

import static dev.switchboard.ingest.whatsapp.WebhookFixtures.DEMO_PHONE_NUMBER_ID;
import static dev.switchboard.ingest.whatsapp.WebhookFixtures.DEMO_SECRET;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * At most {@code max-buffered-bodies} bodies are read at once: senders that send their
 * headers and part of a body, then stall, hold every permit; the next webhook is answered
 * 503 at once instead of queued, and the permits come back when the slow requests finish
 * or their clients go away.
 */
@SpringBootTest(webEnvironment = WebEnvironment.RANDOM_PORT, properties = "switchboard.ingest.max-buffered-bodies=2")
@ActiveProfiles("local")
class BufferedBodiesIT {

	private static final String BUFFERED = "switchboard.ingest.bodies.buffered";

	@LocalServerPort
	private int port;

	@Autowired
	private MeterRegistry registry;

	@DynamicPropertySource
	static void infra(DynamicPropertyRegistry registry) {
		SpringInfraProperties.forService(SharedInfra.get(), "public")
			.forEach((name, value) -> registry.add(name, () -> value));
	}

	@Test
	void answers503AtOnceWhileSlowUploadsHoldEveryPermitAndRecoversWhenTheyFinishOrAbort() throws IOException {
		byte[] body = WebhookFixtures.statusBatch(DEMO_PHONE_NUMBER_ID, 1, 2);
		WebTestClient client = WebTestClient.bindToServer()
			.baseUrl("http://localhost:" + this.port)
			.responseTimeout(Duration.ofSeconds(5))
			.build();
		// Client set-up (connection pool, event loop) is not part of what is timed below.
		client.get().uri("/livez").exchange().expectStatus().isOk();
		try (Socket finishing = new Socket("localhost", this.port);
				Socket aborting = new Socket("localhost", this.port)) {
			startUpload(finishing, body);
			startUpload(aborting, body);
			await().atMost(Duration.ofSeconds(10)).until(() -> buffered() == 2);

			long started = System.nanoTime();
			post(client, body).expectStatus()
				.isEqualTo(503)
				.expectHeader()
				.contentType(MediaType.APPLICATION_PROBLEM_JSON)
				.expectHeader()
				.valueEquals(HttpHeaders.RETRY_AFTER, "1")
				.expectBody()
				.jsonPath("$.code")
				.isEqualTo("INGEST_BUSY");
			// Not queued behind the stalled uploads, which never finish on their own.
			assertThat(Duration.ofNanos(System.nanoTime() - started)).isLessThan(Duration.ofSeconds(3));

			// One sender completes its body: answered, its permit returned.
			OutputStream out = finishing.getOutputStream();
			out.write(body, 10, body.length - 10);
			out.flush();
			String statusLine = new BufferedReader(
					new InputStreamReader(finishing.getInputStream(), StandardCharsets.US_ASCII))
				.readLine();
			assertThat(statusLine).startsWith("HTTP/1.1 200");
			await().atMost(Duration.ofSeconds(10)).until(() -> buffered() == 1);

			// The other goes away mid-body: its permit comes back too.
			aborting.close();
			await().atMost(Duration.ofSeconds(10)).until(() -> buffered() == 0);
		}
		post(client, body).expectStatus().isOk();
		post(client, body).expectStatus().isOk();
		// The permit comes back once the exchange is done, which may be just after the
		// client has read the answer.
		await().atMost(Duration.ofSeconds(10)).until(() -> buffered() == 0);
	}

	/** Sends the headers and the first 10 bytes of the body, then stalls. */
	private static void startUpload(Socket socket, byte[] body) throws IOException {
		String headers = "POST /webhooks/whatsapp HTTP/1.1\r\nHost: localhost\r\nContent-Type: application/json\r\n"
				+ "Content-Length: " + body.length + "\r\n" + SignatureVerifier.HEADER + ": "
				+ SignatureVerifier.sign(body, DEMO_SECRET) + "\r\n\r\n";
		OutputStream out = socket.getOutputStream();
		out.write(headers.getBytes(StandardCharsets.US_ASCII));
		out.write(body, 0, 10);
		out.flush();
	}

	private static WebTestClient.ResponseSpec post(WebTestClient client, byte[] body) {
		return client.post()
			.uri("/webhooks/whatsapp")
			.contentType(MediaType.APPLICATION_JSON)
			.header(SignatureVerifier.HEADER, SignatureVerifier.sign(body, DEMO_SECRET))
			.bodyValue(body)
			.exchange();
	}

	private double buffered() {
		return this.registry.get(BUFFERED).gauge().value();
	}

}
