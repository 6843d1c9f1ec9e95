package dev.switchboard.events.kafka;

import java.net.ConnectException;
import java.util.List;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import org.apache.kafka.common.errors.RecordTooLargeException;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import org.springframework.dao.DataAccessResourceFailureException;

import static org.assertj.core.api.Assertions.assertThat;

class OutageLogTest {

	private final Logger logger = new LoggerContext().getLogger("outage-log-test");

	private final ListAppender<ILoggingEvent> lines = new ListAppender<>();

	private final OutageLog outages = new OutageLog(this.logger, "Poller");

	@BeforeEach
	void capture() {
		this.logger.setLevel(Level.DEBUG);
		this.lines.start();
		this.logger.addAppender(this.lines);
	}

	@Test
	void warnsOnceWhenInfrastructureBecomesUnavailableAndTellsOnceWhenItAnswers() {
		for (int round = 0; round < 50; round++) {
			this.outages.failed(new DataAccessResourceFailureException("Could not open R2DBC Connection",
					new ConnectException("Connection refused")));
		}
		assertThat(this.outages.inOutage()).isTrue();
		this.outages.succeeded();
		this.outages.succeeded();

		assertThat(levels(Level.WARN)).singleElement()
			.satisfies((line) -> assertThat(line).contains("Poller paused").contains("Connection refused"));
		assertThat(levels(Level.DEBUG)).hasSize(49);
		assertThat(levels(Level.INFO)).singleElement().satisfies((line) -> assertThat(line).contains("Poller resumed"));
		assertThat(this.outages.inOutage()).isFalse();
	}

	@Test
	void aSecondOutageWarnsAgain() {
		this.outages.failed(new ConnectException("Connection refused"));
		this.outages.succeeded();
		this.outages.failed(new ConnectException("Connection refused"));

		assertThat(levels(Level.WARN)).hasSize(2);
	}

	@Test
	void warnsOnEveryFailureThatIsNoOutage() {
		this.outages.failed(new RecordTooLargeException("too large"));
		this.outages.failed(new IllegalStateException("bug"));
		this.outages.succeeded();

		assertThat(levels(Level.WARN)).hasSize(2);
		assertThat(levels(Level.INFO)).isEmpty();
	}

	private List<String> levels(Level level) {
		return this.lines.list.stream()
			.filter((line) -> line.getLevel() == level)
			.map(ILoggingEvent::getFormattedMessage)
			.toList();
	}

}
