package dev.switchboard.workflows;

import java.net.URI;
import java.time.Duration;
import java.time.Instant;

import dev.switchboard.events.EventEnvelope;
import dev.switchboard.events.EventType;
import dev.switchboard.events.kafka.EventPublisher;
import dev.switchboard.events.messaging.MessageStatusChanged;
import dev.switchboard.infra.ManagementSurface;
import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.test.web.reactive.server.WebTestClient;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

class WorkflowServiceIT extends IntegrationSetup {

	@Autowired
	EventPublisher publisher;

	@Test
	void reportsLivenessAndReadinessForKubernetes() {
		ManagementSurface.assertSeparated(this.port, this.managementPort);
	}

	@Test
	void consumesMessageStatusesFromTheStartAndCountsThem() {
		MessageStatusChanged read = new MessageStatusChanged("m-1", "wamid.1", "demo-meta", "+972500000001", "read",
				Instant.now(), null, null);
		this.publisher
			.publish(EventEnvelope.of(EventType.MESSAGE_STATUS_CHANGED_V1, URI.create("/messaging-service"), "demo",
					"m-1", read), "demo:m-1")
			.block(Duration.ofSeconds(30));

		await().atMost(Duration.ofSeconds(30))
			.untilAsserted(() -> client().get()
				.uri("http://localhost:" + this.managementPort + "/actuator/prometheus")
				.exchange()
				.expectStatus()
				.isOk()
				.expectBody(String.class)
				.value((metrics) -> assertThat(metrics).contains(
						"switchboard_workflows_triggers_total{event=\"switchboard.messaging.status-changed.v1\"}")));
	}

	private WebTestClient client() {
		return WebTestClient.bindToServer().baseUrl("http://localhost:" + this.port).build();
	}

}
