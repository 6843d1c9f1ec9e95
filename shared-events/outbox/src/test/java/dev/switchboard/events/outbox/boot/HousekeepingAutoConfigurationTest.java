package dev.switchboard.events.outbox.boot;

import java.time.Duration;

import dev.switchboard.events.outbox.Housekeeping;
import dev.switchboard.events.outbox.Purge;
import org.junit.jupiter.api.Test;

import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.r2dbc.core.DatabaseClient;

import static org.assertj.core.api.Assertions.assertThat;
import static org.mockito.Mockito.mock;

class HousekeepingAutoConfigurationTest {

	private final ApplicationContextRunner runner = new ApplicationContextRunner()
		.withConfiguration(AutoConfigurations.of(HousekeepingAutoConfiguration.class))
		.withBean(DatabaseClient.class, () -> mock(DatabaseClient.class));

	@Test
	void runsThePurgesTheServiceDeclares() {
		this.runner.withBean("inboxPurge", Purge.class, () -> Purge.inbox(Duration.ofDays(35)))
			.withBean("heldPurge", Purge.class, () -> new Purge("held_statuses", "received_at", Duration.ofDays(7)))
			.run((context) -> {
				assertThat(context.getBean(Housekeeping.class).purges()).extracting(Purge::table)
					.containsExactlyInAnyOrder("inbox", "held_statuses");
				assertThat(context.getBean(HousekeepingProperties.class).inboxRetention())
					.isEqualTo(Duration.ofDays(35));
			});
	}

	@Test
	void staysAwayWithoutPurgesOrWhenDisabled() {
		this.runner.run((context) -> assertThat(context).doesNotHaveBean(Housekeeping.class));
		this.runner.withBean(Purge.class, () -> Purge.inbox(Duration.ofDays(35)))
			.withPropertyValues("switchboard.housekeeping.enabled=false")
			.run((context) -> assertThat(context).doesNotHaveBean(Housekeeping.class));
	}

	@Test
	void refusesAColumnThatIsNotAPlainSqlName() {
		org.assertj.core.api.Assertions.assertThatIllegalArgumentException()
			.isThrownBy(() -> new Purge("inbox", "processed_at; drop table inbox", Duration.ofDays(1)));
	}

}
