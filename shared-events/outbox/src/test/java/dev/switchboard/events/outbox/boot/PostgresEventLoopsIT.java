package dev.switchboard.events.outbox.boot;

import java.time.Duration;
import java.util.List;
import java.util.Set;

import dev.switchboard.infra.PostgresEndpoint;
import dev.switchboard.infra.SharedInfra;
import io.r2dbc.spi.Connection;
import io.r2dbc.spi.ConnectionFactory;
import org.junit.jupiter.api.Test;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.r2dbc.autoconfigure.R2dbcAutoConfiguration;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Against real PostgreSQL: connections opened from one of the driver's event loops (as
 * the pool opens them under load) are served by different loops, not all by that one.
 */
class PostgresEventLoopsIT {

	private static final Duration TIMEOUT = Duration.ofSeconds(30);

	private static final int CONNECTIONS = 8;

	@Test
	void connectionsOpenedFromAnEventLoopAreSpreadOverEveryLoop() {
		int loops = Math.max(2, Runtime.getRuntime().availableProcessors()) | 1;
		connectionsOf(SharedInfra.get().postgres(), true,
				(threads) -> assertThat(threads).hasSize(Math.min(loops, CONNECTIONS)));
	}

	@Test
	void reactorNettysDefaultLoopsLeaveSomeIdle() {
		// Colocated, and two turns of the round robin per connection: at most every other
		// one of its (at least four) loops.
		connectionsOf(SharedInfra.get().postgres(), false, (threads) -> assertThat(threads).hasSizeLessThan(3));
	}

	private void connectionsOf(PostgresEndpoint postgres, boolean spread,
			java.util.function.Consumer<Set<String>> expectation) {
		new ApplicationContextRunner()
			.withConfiguration(
					AutoConfigurations.of(R2dbcAutoConfiguration.class, PostgresEventLoopsAutoConfiguration.class))
			.withPropertyValues(
					"spring.r2dbc.url=r2dbc:postgresql://" + postgres.host() + ":" + postgres.port() + "/"
							+ postgres.database(),
					"spring.r2dbc.username=" + postgres.username(), "spring.r2dbc.password=" + postgres.password(),
					"spring.r2dbc.pool.initial-size=1", "spring.r2dbc.pool.max-size=16",
					"switchboard.postgres.spread-connections=" + spread)
			.run((context) -> {
				ConnectionFactory connections = context.getBean(ConnectionFactory.class);
				// The first connection's answer arrives on a driver loop; the next ones
				// are
				// opened from there.
				List<Connection> opened = Mono.<Connection>from(connections.create())
					.flatMapMany((first) -> Flux.concat(Mono.just(first),
							threadOf(first).thenMany(Flux.range(1, CONNECTIONS - 1)
								.flatMap((i) -> Mono.<Connection>from(connections.create())))))
					.collectList()
					.block(TIMEOUT);
				List<String> all = Flux.fromIterable(opened)
					.concatMap(PostgresEventLoopsIT::threadOf)
					.collectList()
					.block(TIMEOUT);
				Set<String> threads = Set.copyOf(all);
				Flux.fromIterable(opened).flatMap(Connection::close).blockLast(TIMEOUT);
				expectation.accept(threads);
			});
	}

	/** The thread the connection's answers are handled on. */
	private static Mono<String> threadOf(Connection connection) {
		return Flux.from(connection.createStatement("SELECT 1").execute())
			.flatMap((result) -> result.map((row, metadata) -> Thread.currentThread().getName()))
			.next();
	}

}
