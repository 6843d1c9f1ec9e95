package dev.switchboard.templates;

import java.net.URI;
import java.time.Duration;
import java.time.Instant;

import dev.switchboard.events.EventEnvelope;
import dev.switchboard.events.EventType;
import dev.switchboard.events.kafka.EventPublisher;
import dev.switchboard.events.wa.WaTemplateStatus;
import dev.switchboard.infra.ManagementSurface;
import dev.switchboard.infra.SharedInfra;
import dev.switchboard.infra.SpringInfraProperties;
import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.SpringBootTest.WebEnvironment;
import org.springframework.boot.test.web.server.LocalManagementPort;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import org.springframework.test.web.reactive.server.WebTestClient;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

@SpringBootTest(webEnvironment = WebEnvironment.RANDOM_PORT)
class TemplateServiceIT {

	@DynamicPropertySource
	static void infrastructure(DynamicPropertyRegistry registry) {
		SpringInfraProperties.forService(SharedInfra.get(), "templates")
			.forEach((name, value) -> registry.add(name, () -> value));
	}

	@LocalServerPort
	int port;

	@LocalManagementPort
	int managementPort;

	@Autowired
	EventPublisher publisher;

	@Test
	void reportsLivenessAndReadinessForKubernetes() {
		ManagementSurface.assertSeparated(this.port, this.managementPort);
	}

	@Test
	void consumesTemplateStatusUpdatesFromTheStartAndCountsThem() {
		WaTemplateStatus approved = new WaTemplateStatus("200000000000001", 1689556908129832L, "order_confirmation",
				"en_US", "APPROVED", "NONE", "UTILITY", Instant.now());
		this.publisher
			.publish(EventEnvelope.of(EventType.WA_TEMPLATE_STATUS_V1, URI.create("/webhook-ingest/whatsapp"), "demo",
					"order_confirmation", approved), "demo:1689556908129832")
			.block(Duration.ofSeconds(30));

		await().atMost(Duration.ofSeconds(30))
			.untilAsserted(() -> client().get()
				.uri("http://localhost:" + this.managementPort + "/actuator/prometheus")
				.exchange()
				.expectStatus()
				.isOk()
				.expectBody(String.class)
				.value((metrics) -> assertThat(metrics).contains(
						"switchboard_templates_updates_total{event=\"APPROVED\",type=\"switchboard.wa.template-status.v1\"}")));
	}

	private WebTestClient client() {
		return WebTestClient.bindToServer().baseUrl("http://localhost:" + this.port).build();
	}

}
