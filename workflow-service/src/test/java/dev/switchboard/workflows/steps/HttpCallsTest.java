package dev.switchboard.workflows.steps;

import java.util.Map;

import dev.switchboard.outbound.HostResolver;
import dev.switchboard.outbound.OutboundUrlPolicy;
import dev.switchboard.outbound.OutboundUrlProperties;
import dev.switchboard.workflows.definitions.StepSpec;
import org.junit.jupiter.api.Test;
import reactor.test.StepVerifier;

import static org.assertj.core.api.Assertions.assertThat;

/** Outside the local profile (the default policy) plain http is refused. */
class HttpCallsTest {

	private final HttpCalls calls = new HttpCalls(
			new OutboundUrlPolicy(OutboundUrlProperties.strict(), HostResolver.JDK), new HttpStepProperties(null, 0),
			new TenantSecrets((dev.switchboard.tenants.TenantDirectory) null, null));

	@Test
	void plainHttpIsRefusedOutsideTheLocalProfile() {
		StepSpec step = new StepSpec(
				Map.of("id", "call", "type", "http_call", "method", "GET", "url", "http://example.com/hook"));
		StepVerifier.create(this.calls.call(step, new RunState(java.util.UUID.randomUUID(), "t", Map.of())))
			.expectErrorSatisfies((failure) -> assertThat(failure).isInstanceOf(StepFailure.class)
				.hasMessageContaining("refused")
				.hasMessageContaining("https"))
			.verify();
	}

}
