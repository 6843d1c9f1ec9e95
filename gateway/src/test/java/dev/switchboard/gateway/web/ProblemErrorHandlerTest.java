package dev.switchboard.gateway.web;

import java.net.ConnectException;
import java.util.concurrent.TimeoutException;

import org.junit.jupiter.api.Test;

import org.springframework.http.HttpStatus;
import org.springframework.web.server.ResponseStatusException;

import static org.assertj.core.api.Assertions.assertThat;

class ProblemErrorHandlerTest {

	@Test
	void unreachableOrSlowUpstreamIsUnavailable() {
		assertThat(ProblemErrorHandler.isUpstreamUnavailable(new ConnectException("Connection refused"))).isTrue();
		assertThat(ProblemErrorHandler
			.isUpstreamUnavailable(new IllegalStateException("wrapped", new ConnectException("Connection refused"))))
			.isTrue();
		assertThat(ProblemErrorHandler.isUpstreamUnavailable(new TimeoutException())).isTrue();
		assertThat(ProblemErrorHandler
			.isUpstreamUnavailable(new ResponseStatusException(HttpStatus.GATEWAY_TIMEOUT, "Response took too long")))
			.isTrue();
	}

	@Test
	void otherFailuresAreNot() {
		assertThat(ProblemErrorHandler.isUpstreamUnavailable(new IllegalStateException("bug"))).isFalse();
		assertThat(ProblemErrorHandler.isUpstreamUnavailable(new ResponseStatusException(HttpStatus.NOT_FOUND)))
			.isFalse();
	}

}
