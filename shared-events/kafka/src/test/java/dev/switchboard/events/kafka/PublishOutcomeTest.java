package dev.switchboard.events.kafka;

import org.apache.kafka.common.errors.NotEnoughReplicasException;
import org.apache.kafka.common.errors.RecordTooLargeException;
import org.apache.kafka.common.errors.SaslAuthenticationException;
import org.apache.kafka.common.errors.SerializationException;
import org.apache.kafka.common.errors.TimeoutException;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class PublishOutcomeTest {

	@Test
	void aRecordRefusedForWhatItIsIsAtFaultWhereverInTheCauseChain() {
		assertThat(failed(new RecordTooLargeException("9437741 bytes")).recordAtFault()).isTrue();
		assertThat(failed(new IllegalStateException("publish failed", new RecordTooLargeException("too large")))
			.recordAtFault()).isTrue();
		assertThat(failed(new SerializationException("cannot be encoded")).recordAtFault()).isTrue();
	}

	@Test
	void whatAnUnavailableClusterCausesIsNotTheRecordsFault() {
		assertThat(failed(new TimeoutException("Expiring 5 record(s)")).recordAtFault()).isFalse();
		assertThat(failed(new java.util.concurrent.TimeoutException("not acknowledged in time")).recordAtFault())
			.isFalse();
		assertThat(failed(new NotEnoughReplicasException("1 < 2")).recordAtFault()).isFalse();
		assertThat(failed(new SaslAuthenticationException("bad credentials")).recordAtFault()).isFalse();
	}

	@Test
	void anAcknowledgedRecordHasNoFailure() {
		EventPublisher.Outcome acknowledged = new EventPublisher.Outcome(0, null);
		assertThat(acknowledged.acknowledged()).isTrue();
		assertThat(acknowledged.recordAtFault()).isFalse();
	}

	private static EventPublisher.Outcome failed(Throwable failure) {
		return new EventPublisher.Outcome(3, failure);
	}

}
