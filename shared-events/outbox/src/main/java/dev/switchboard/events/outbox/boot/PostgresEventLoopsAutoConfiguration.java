package dev.switchboard.events.outbox.boot;

import io.r2dbc.postgresql.PostgresqlConnectionFactoryProvider;
import reactor.netty.resources.LoopResources;

import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.boot.r2dbc.autoconfigure.ConnectionFactoryOptionsBuilderCustomizer;
import org.springframework.context.annotation.Bean;

/**
 * Spreads PostgreSQL connections over all of their event loops, when
 * {@code switchboard.postgres.spread-connections=true}.
 * <p>
 * By default Reactor Netty places a connection opened from one of its event loops on that
 * same loop. The pool opens connections lazily, from the loop of the query that needed
 * one, so under load every connection ends up on one loop: every result is decoded and
 * every continuation runs on one thread while the others idle. Loops that do not colocate
 * hand each new connection to the next loop. Off by default: on two cores the colocated
 * default was faster for order intake (profiles and figures in docs/benchmarks.md).
 */
@AutoConfiguration(beforeName = "org.springframework.boot.r2dbc.autoconfigure.R2dbcAutoConfiguration")
@ConditionalOnClass({ PostgresqlConnectionFactoryProvider.class, ConnectionFactoryOptionsBuilderCustomizer.class })
@ConditionalOnProperty(name = "switchboard.postgres.spread-connections", havingValue = "true")
public class PostgresEventLoopsAutoConfiguration {

	/**
	 * Event loops of the PostgreSQL connections: at least one per core, and an odd
	 * number. Opening a connection takes two turns of the loops' round robin (one for the
	 * name resolver, one for the channel), so with an even number every connection lands
	 * on every other loop.
	 */
	@Bean(destroyMethod = "dispose")
	LoopResources postgresEventLoops() {
		int loops = Math.max(2, Runtime.getRuntime().availableProcessors()) | 1;
		return LoopResources.create("r2dbc-postgres", -1, loops, true, false);
	}

	@Bean
	ConnectionFactoryOptionsBuilderCustomizer postgresEventLoopsCustomizer(LoopResources postgresEventLoops) {
		return (options) -> options.option(PostgresqlConnectionFactoryProvider.LOOP_RESOURCES, postgresEventLoops);
	}

}
