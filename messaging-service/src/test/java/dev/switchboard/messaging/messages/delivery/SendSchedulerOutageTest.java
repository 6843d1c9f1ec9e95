package dev.switchboard.messaging.messages.delivery;

import java.net.ConnectException;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.slf4j.LoggerFactory;
import reactor.core.publisher.Flux;

import org.springframework.dao.DataAccessResourceFailureException;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.mockito.ArgumentMatchers.any;
import static org.mockito.ArgumentMatchers.anyInt;
import static org.mockito.Mockito.mock;
import static org.mockito.Mockito.when;

/**
 * While PostgreSQL is down every round of the send scheduler fails: the outage is logged
 * once when it starts (WARN) and once when the database answers again (INFO), not on
 * every round.
 */
class SendSchedulerOutageTest {

	private final Logger logger = (Logger) LoggerFactory.getLogger(SendScheduler.class);

	private final ListAppender<ILoggingEvent> lines = new ListAppender<>();

	private final SendAttempts attempts = mock(SendAttempts.class);

	private final AtomicBoolean databaseDown = new AtomicBoolean(true);

	private final AtomicInteger rounds = new AtomicInteger();

	private SendScheduler scheduler;

	@BeforeEach
	void start() {
		this.lines.start();
		this.logger.addAppender(this.lines);
		when(this.attempts.adoptStranded(any(), anyInt())).thenAnswer((invocation) -> {
			this.rounds.incrementAndGet();
			return this.databaseDown.get()
					? Flux.error(new DataAccessResourceFailureException("Could not open R2DBC Connection",
							new ConnectException("Connection refused")))
					: Flux.empty();
		});
		when(this.attempts.due(anyInt())).thenReturn(Flux.empty());
		when(this.attempts.unresolved(any(Instant.class), anyInt())).thenReturn(Flux.empty());
		DeliveryProperties properties = new DeliveryProperties(3, Duration.ofHours(24), Duration.ofSeconds(1), 0.5,
				Duration.ofSeconds(10), Duration.ofMinutes(2), null, Duration.ofMinutes(10), Duration.ofMillis(1), 50,
				20, Duration.ofSeconds(10), 32);
		this.scheduler = new SendScheduler(this.attempts, mock(Delivery.class), properties);
		this.scheduler.start();
	}

	@AfterEach
	void stop() {
		this.scheduler.stop();
		this.logger.detachAppender(this.lines);
	}

	@Test
	void anOutageIsLoggedOnceWhenItStartsAndOnceWhenItEnds() {
		await().atMost(Duration.ofSeconds(10)).until(() -> this.rounds.get() >= 20);
		this.databaseDown.set(false);
		int failed = this.rounds.get();
		await().atMost(Duration.ofSeconds(10)).until(() -> this.rounds.get() >= failed + 5);

		assertThat(lines(Level.WARN)).singleElement()
			.satisfies((line) -> assertThat(line).contains("Send scheduler paused").contains("Connection refused"));
		assertThat(lines(Level.INFO)).filteredOn((line) -> line.contains("Send scheduler"))
			.singleElement()
			.satisfies((line) -> assertThat(line).contains("Send scheduler resumed"));
	}

	@Test
	void aSecondOutageIsLoggedAgain() {
		await().atMost(Duration.ofSeconds(10)).until(() -> this.rounds.get() >= 5);
		this.databaseDown.set(false);
		await().atMost(Duration.ofSeconds(10)).until(() -> lines(Level.INFO).stream().anyMatch(this::resumed));
		this.databaseDown.set(true);
		int before = this.rounds.get();
		await().atMost(Duration.ofSeconds(10)).until(() -> this.rounds.get() >= before + 5);
		this.databaseDown.set(false);
		await().atMost(Duration.ofSeconds(10))
			.until(() -> lines(Level.INFO).stream().filter(this::resumed).count() == 2);

		assertThat(lines(Level.WARN)).hasSize(2)
			.allSatisfy((line) -> assertThat(line).contains("Send scheduler paused"));
	}

	private boolean resumed(String line) {
		return line.contains("Send scheduler resumed");
	}

	private List<String> lines(Level level) {
		// The appender appends under its own lock, from the scheduler's thread.
		synchronized (this.lines) {
			return this.lines.list.stream()
				.filter((event) -> event.getLevel() == level)
				.map(ILoggingEvent::getFormattedMessage)
				.toList();
		}
	}

}
