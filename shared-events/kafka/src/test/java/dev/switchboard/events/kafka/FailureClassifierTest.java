package dev.switchboard.events.kafka;

import java.io.IOException;
import java.net.ConnectException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.concurrent.TimeoutException;

import io.github.resilience4j.circuitbreaker.CallNotPermittedException;
import io.github.resilience4j.circuitbreaker.CircuitBreaker;
import io.lettuce.core.RedisCommandTimeoutException;
import io.lettuce.core.RedisConnectionException;
import io.r2dbc.spi.R2dbcBadGrammarException;
import io.r2dbc.spi.R2dbcDataIntegrityViolationException;
import io.r2dbc.spi.R2dbcNonTransientResourceException;
import io.r2dbc.spi.R2dbcTimeoutException;
import io.r2dbc.spi.R2dbcTransientResourceException;
import org.junit.jupiter.api.Test;
import reactor.pool.PoolAcquireTimeoutException;

import org.springframework.dao.DataAccessResourceFailureException;
import org.springframework.dao.DataIntegrityViolationException;
import org.springframework.dao.DuplicateKeyException;
import org.springframework.dao.QueryTimeoutException;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.web.reactive.function.client.WebClientResponseException;

import static org.assertj.core.api.Assertions.assertThat;

class FailureClassifierTest {

	private final FailureClassifier classifier = FailureClassifier.defaults();

	@Test
	void unavailableInfrastructureIsRecognisedAnywhereInTheCauseChain() {
		assertThat(this.classifier.isInfrastructure(new ConnectException("Connection refused"))).isTrue();
		assertThat(this.classifier
			.isInfrastructure(new DataAccessResourceFailureException("Could not open R2DBC Connection for transaction",
					new R2dbcNonTransientResourceException("Connection refused", new ConnectException("refused")))))
			.isTrue();
		assertThat(this.classifier.isInfrastructure(new R2dbcTransientResourceException("too many clients"))).isTrue();
		assertThat(this.classifier.isInfrastructure(new R2dbcTimeoutException("statement timeout"))).isTrue();
		assertThat(this.classifier.isInfrastructure(new QueryTimeoutException("slow"))).isTrue();
		assertThat(this.classifier.isInfrastructure(new PoolAcquireTimeoutException(Duration.ofSeconds(1)))).isTrue();
		assertThat(this.classifier.isInfrastructure(new RedisConnectionException("Unable to connect"))).isTrue();
		assertThat(this.classifier.isInfrastructure(new RedisCommandTimeoutException("timed out"))).isTrue();
		assertThat(this.classifier.isInfrastructure(
				CallNotPermittedException.createCallNotPermittedException(CircuitBreaker.ofDefaults("db"))))
			.isTrue();
		assertThat(this.classifier.isInfrastructure(WebClientResponseException.create(HttpStatus.SERVICE_UNAVAILABLE,
				"Service Unavailable", HttpHeaders.EMPTY, new byte[0], StandardCharsets.UTF_8, null)))
			.isTrue();
		assertThat(this.classifier.isInfrastructure(new TimeoutException("handler timed out"))).isTrue();
		assertThat(this.classifier.isInfrastructure(
				new IllegalStateException("wrapped", new RuntimeException(new ConnectException("refused")))))
			.isTrue();
	}

	@Test
	void theInfrastructureCauseIsTheFailureThatShowsIt() {
		ConnectException refused = new ConnectException("Connection refused");
		assertThat(this.classifier.infrastructureCause(new IllegalStateException("wrapped",
				new DataAccessResourceFailureException("Could not open R2DBC Connection", refused))))
			.containsSame(refused);
		assertThat(this.classifier.infrastructureCause(new IllegalStateException("not infrastructure"))).isEmpty();
	}

	@Test
	void everythingElseIsDeterministic() {
		assertThat(this.classifier.isInfrastructure(new IllegalStateException("cannot fold status"))).isFalse();
		assertThat(this.classifier.isInfrastructure(new EventDecodingException("Not a CloudEvent"))).isFalse();
		assertThat(this.classifier.isInfrastructure(new DuplicateKeyException("duplicate"))).isFalse();
		assertThat(this.classifier.isInfrastructure(new DataIntegrityViolationException("check constraint",
				new R2dbcDataIntegrityViolationException("violates check constraint"))))
			.isFalse();
		assertThat(this.classifier.isInfrastructure(new R2dbcBadGrammarException("syntax error"))).isFalse();
		assertThat(this.classifier.isInfrastructure(WebClientResponseException.create(HttpStatus.BAD_REQUEST,
				"Bad Request", HttpHeaders.EMPTY, new byte[0], StandardCharsets.UTF_8, null)))
			.isFalse();
		assertThat(this.classifier.isInfrastructure(new IOException("unexpected end of stream"))).isFalse();
	}

	@Test
	void aCauseChainWithACycleEnds() {
		IllegalStateException first = new IllegalStateException("first");
		IllegalArgumentException second = new IllegalArgumentException("second", first);
		first.initCause(second);
		assertThat(this.classifier.isInfrastructure(first)).isFalse();
	}

	@Test
	void servicesMayCountMoreFailuresAsInfrastructure() {
		FailureClassifier extended = this.classifier
			.orInfrastructureWhen((ex) -> ex instanceof IllegalStateException && "maintenance".equals(ex.getMessage()));
		assertThat(extended.isInfrastructure(new RuntimeException(new IllegalStateException("maintenance")))).isTrue();
		assertThat(extended.isInfrastructure(new IllegalStateException("other"))).isFalse();
		assertThat(this.classifier.isInfrastructure(new IllegalStateException("maintenance"))).isFalse();
	}

}
