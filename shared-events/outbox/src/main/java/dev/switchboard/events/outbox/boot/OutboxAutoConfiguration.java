package dev.switchboard.events.outbox.boot;

import dev.switchboard.events.kafka.EventPublisher;
import dev.switchboard.events.kafka.boot.EventsKafkaAutoConfiguration;
import dev.switchboard.events.outbox.Inbox;
import dev.switchboard.events.outbox.Outbox;
import dev.switchboard.events.outbox.OutboxRelay;
import io.micrometer.observation.ObservationRegistry;

import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.core.env.Environment;
import org.springframework.r2dbc.connection.R2dbcTransactionManager;
import org.springframework.r2dbc.core.DatabaseClient;
import org.springframework.transaction.reactive.TransactionalOperator;

/**
 * Gives a service that owns state its transactional {@link Outbox} (source named after
 * the application), the {@link OutboxRelay} that publishes it, and the consumer
 * {@link Inbox}. The service keeps only its tables (Flyway) and settings
 * ({@code switchboard.outbox.*}).
 */
@AutoConfiguration(after = EventsKafkaAutoConfiguration.class,
		afterName = { "org.springframework.boot.r2dbc.autoconfigure.R2dbcAutoConfiguration",
				"org.springframework.boot.r2dbc.autoconfigure.R2dbcTransactionManagerAutoConfiguration",
				"org.springframework.boot.data.r2dbc.autoconfigure.DataR2dbcAutoConfiguration",
				"org.springframework.boot.transaction.autoconfigure.TransactionAutoConfiguration" })
@ConditionalOnClass({ DatabaseClient.class, EventPublisher.class })
@ConditionalOnBean({ DatabaseClient.class, EventPublisher.class })
@EnableConfigurationProperties(OutboxProperties.class)
public class OutboxAutoConfiguration {

	@Bean
	@ConditionalOnMissingBean
	Outbox outbox(DatabaseClient database, OutboxProperties properties, Environment environment,
			ObjectProvider<ObservationRegistry> observations) {
		String application = environment.getProperty("spring.application.name", "switchboard");
		return new Outbox(database, properties.sourceOr(application), properties.table(),
				observations.getIfAvailable(() -> ObservationRegistry.NOOP));
	}

	@Bean
	@ConditionalOnMissingBean
	Inbox inbox(DatabaseClient database) {
		return new Inbox(database);
	}

	/** In the application's transactions, else in its own over the same connections. */
	@Bean
	@ConditionalOnMissingBean
	OutboxRelay outboxRelay(DatabaseClient database, ObjectProvider<TransactionalOperator> transactions,
			EventPublisher publisher, Outbox outbox, OutboxProperties properties) {
		TransactionalOperator operator = transactions.getIfUnique(
				() -> TransactionalOperator.create(new R2dbcTransactionManager(database.getConnectionFactory())));
		return new OutboxRelay(database, operator, publisher, outbox, properties.relay());
	}

}
