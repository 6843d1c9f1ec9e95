package dev.switchboard.events.outbox.boot;

import java.net.URI;

import dev.switchboard.events.kafka.EventPublisher;
import dev.switchboard.events.outbox.Inbox;
import dev.switchboard.events.outbox.Outbox;
import dev.switchboard.events.outbox.OutboxRelay;
import org.junit.jupiter.api.Test;

import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.r2dbc.core.DatabaseClient;
import org.springframework.transaction.reactive.TransactionalOperator;

import static org.assertj.core.api.Assertions.assertThat;
import static org.mockito.Mockito.mock;

class OutboxAutoConfigurationTest {

	private final ApplicationContextRunner runner = new ApplicationContextRunner()
		.withConfiguration(AutoConfigurations.of(OutboxAutoConfiguration.class))
		// No poll while the context is up: the mocks cannot answer.
		.withPropertyValues("switchboard.outbox.poll-interval=1h")
		.withBean(TransactionalOperator.class, () -> mock(TransactionalOperator.class));

	@Test
	void namesTheSourceAfterTheApplication() {
		this.runner.withBean(DatabaseClient.class, () -> mock(DatabaseClient.class))
			.withBean(EventPublisher.class, () -> mock(EventPublisher.class))
			.withPropertyValues("spring.application.name=order-service")
			.run((context) -> {
				assertThat(context).hasSingleBean(OutboxRelay.class).hasSingleBean(Inbox.class);
				Outbox outbox = context.getBean(Outbox.class);
				assertThat(outbox.source()).isEqualTo(URI.create("urn:switchboard:order-service"));
				assertThat(outbox.table()).isEqualTo("outbox");
			});
	}

	@Test
	void takesSourceAndTableFromSettings() {
		this.runner.withBean(DatabaseClient.class, () -> mock(DatabaseClient.class))
			.withBean(EventPublisher.class, () -> mock(EventPublisher.class))
			.withPropertyValues("switchboard.outbox.source=urn:switchboard:custom",
					"switchboard.outbox.table=events.outbox")
			.run((context) -> {
				Outbox outbox = context.getBean(Outbox.class);
				assertThat(outbox.source()).isEqualTo(URI.create("urn:switchboard:custom"));
				assertThat(outbox.table()).isEqualTo("events.outbox");
			});
	}

	@Test
	void refusesATableNameThatIsNotAPlainSqlName() {
		this.runner.withBean(DatabaseClient.class, () -> mock(DatabaseClient.class))
			.withBean(EventPublisher.class, () -> mock(EventPublisher.class))
			.withPropertyValues("switchboard.outbox.table=outbox; drop table orders")
			.run((context) -> assertThat(context).hasFailed());
	}

	@Test
	void backsOffWithoutAPublisher() {
		this.runner.withBean(DatabaseClient.class, () -> mock(DatabaseClient.class))
			.run((context) -> assertThat(context).doesNotHaveBean(Outbox.class).doesNotHaveBean(OutboxRelay.class));
	}

}
