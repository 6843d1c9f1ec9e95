package dev.switchboard.events.outbox.boot;

import dev.switchboard.events.outbox.Housekeeping;
import dev.switchboard.events.outbox.Purge;

import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.r2dbc.core.DatabaseClient;

/**
 * Runs every {@link Purge} the service declares ({@code switchboard.housekeeping.*}); a
 * service purges its inbox by declaring {@code Purge.inbox(inboxRetention)}.
 */
@AutoConfiguration(afterName = { "org.springframework.boot.r2dbc.autoconfigure.R2dbcAutoConfiguration",
		"org.springframework.boot.data.r2dbc.autoconfigure.DataR2dbcAutoConfiguration" })
@ConditionalOnClass(DatabaseClient.class)
@ConditionalOnProperty(name = "switchboard.housekeeping.enabled", matchIfMissing = true)
@EnableConfigurationProperties(HousekeepingProperties.class)
public class HousekeepingAutoConfiguration {

	@Bean
	@ConditionalOnMissingBean
	@ConditionalOnBean({ DatabaseClient.class, Purge.class })
	Housekeeping housekeeping(DatabaseClient database, ObjectProvider<Purge> purges,
			HousekeepingProperties properties) {
		return new Housekeeping(database, purges.orderedStream().toList(), properties.interval(),
				properties.batchSize());
	}

}
