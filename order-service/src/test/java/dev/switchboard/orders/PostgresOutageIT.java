package dev.switchboard.orders;

import java.time.Duration;
import java.util.List;
import java.util.UUID;
import java.util.stream.IntStream;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import dev.switchboard.events.orders.OrderReceived;
import dev.switchboard.events.kafka.EventConsumer;
import dev.switchboard.infra.DeadLetterTopics;
import dev.switchboard.infra.PostgresEndpoint;
import dev.switchboard.infra.SharedInfra;
import org.junit.jupiter.api.Test;
import org.slf4j.LoggerFactory;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.health.contributor.HealthIndicator;
import org.springframework.boot.health.contributor.Status;
import org.springframework.boot.health.registry.HealthContributorRegistry;
import org.springframework.r2dbc.core.DatabaseClient;
import org.springframework.test.web.reactive.server.WebTestClient;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * PostgreSQL refusing connections, or hanging, while orders arrive: the intake holds them
 * (reporting not ready while refused) and stores every one once PostgreSQL answers again;
 * nothing is dead-lettered.
 * <p>
 * Each outage lasts {@code switchboard.it.outage-seconds} (8 s unless set; the full fault
 * run uses 30).
 */
class PostgresOutageIT extends IntegrationSetup {

	private static final int ORDERS = 20;

	private static final Duration OUTAGE = Duration.ofSeconds(Long.getLong("switchboard.it.outage-seconds", 8));

	private static final Duration RECOVERY = Duration.ofSeconds(60);

	@Autowired
	private DatabaseClient database;

	@Autowired
	private EventConsumer<OrderReceived> intake;

	@Autowired
	private HealthContributorRegistry health;

	@Test
	void ordersArrivingWhilePostgresRefusesConnectionsAreAllStoredAfterItReturns() {
		PostgresEndpoint postgres = SharedInfra.get().postgres();
		List<String> externalIds = externalIds("OUT");
		long deadLettersBefore = deadLetters();
		// The pollers try every few hundred ms: one warning each for the whole outage.
		ListAppender<ILoggingEvent> warnings = new ListAppender<>();
		warnings.start();
		List<Logger> pollers = List.of(logger("dev.switchboard.orders.tasks.TaskWorker"),
				logger("dev.switchboard.orders.operations.BatchWorker"));
		pollers.forEach((poller) -> poller.addAppender(warnings));
		try {
			postgres.stop();
			for (int index = 0; index < ORDERS; index++) {
				receive("demo", viziOrder(externalIds.get(index), "ro", "+40", "07210003" + (10 + index), "ron", true));
			}
			// Held for the whole outage: nothing dead-lettered, not ready.
			await().during(OUTAGE)
				.atMost(OUTAGE.multipliedBy(2))
				.until(() -> deadLetters() == deadLettersBefore && readinessStatus() == 503);
			assertThat(this.intake.waitingForInfrastructure()).isPresent();
			assertThat(consumersHealth()).isEqualTo(Status.DOWN);
		}
		finally {
			postgres.start();
		}
		List<UUID> ids = ids(externalIds);
		await().atMost(RECOVERY).ignoreExceptions().until(() -> storedOrders(ids) == ORDERS);
		assertThat(deadLetters()).isEqualTo(deadLettersBefore);
		await().atMost(RECOVERY).until(() -> this.intake.waitingForInfrastructure().isEmpty());
		await().atMost(RECOVERY).until(() -> consumersHealth().equals(Status.UP) && readinessStatus() == 200);
		pollers.forEach((poller) -> poller.detachAppender(warnings));
		List<String> warned = List.copyOf(warnings.list)
			.stream()
			.filter((line) -> line.getLevel() == Level.WARN)
			.map(ILoggingEvent::getFormattedMessage)
			.toList();
		assertThat(warned).filteredOn((line) -> line.contains("paused: infrastructure unavailable"))
			.hasSize(pollers.size());
		assertThat(warned).noneMatch((line) -> line.contains("round failed"));
	}

	@Test
	void ordersArrivingWhilePostgresHangsAreAllStoredAfterItAnswersAgain() {
		PostgresEndpoint postgres = SharedInfra.get().postgres();
		List<String> externalIds = externalIds("HNG");
		long deadLettersBefore = deadLetters();
		try {
			postgres.freeze();
			for (int index = 0; index < ORDERS; index++) {
				receive("demo", viziOrder(externalIds.get(index), "ro", "+40", "07210004" + (10 + index), "ron", true));
			}
			await().during(OUTAGE).atMost(OUTAGE.multipliedBy(2)).until(() -> deadLetters() == deadLettersBefore);
		}
		finally {
			postgres.thaw();
		}
		List<UUID> ids = ids(externalIds);
		await().atMost(RECOVERY).ignoreExceptions().until(() -> storedOrders(ids) == ORDERS);
		assertThat(deadLetters()).isEqualTo(deadLettersBefore);
	}

	private static Logger logger(String name) {
		return (Logger) LoggerFactory.getLogger(name);
	}

	/** The consumers' own contribution to readiness. */
	private Status consumersHealth() {
		return ((HealthIndicator) this.health.getContributor("eventConsumers")).health().getStatus();
	}

	private static List<String> externalIds(String kind) {
		String run = UUID.randomUUID().toString().substring(0, 6).toUpperCase();
		return IntStream.range(0, ORDERS).mapToObj((index) -> "RO" + run + kind + (10 + index)).toList();
	}

	private static List<UUID> ids(List<String> externalIds) {
		return externalIds.stream().map((external) -> UUID.fromString(orderId("demo", external))).toList();
	}

	private long storedOrders(List<UUID> ids) {
		return this.database.sql("SELECT count(*) AS stored FROM orders WHERE id = ANY(:ids)")
			.bind("ids", ids.toArray(UUID[]::new))
			.map((row) -> row.get("stored", Long.class))
			.one()
			.block(PATIENCE);
	}

	private int readinessStatus() {
		return WebTestClient.bindToServer()
			.baseUrl("http://localhost:" + this.managementPort)
			.build()
			.get()
			.uri("/actuator/health/readiness")
			.exchange()
			.returnResult(String.class)
			.getStatus()
			.value();
	}

	/** Records on every dead-letter topic of order-service's consumer groups. */
	private static long deadLetters() {
		return DeadLetterTopics.records(SharedInfra.get().kafka(), "order-service");
	}

}
