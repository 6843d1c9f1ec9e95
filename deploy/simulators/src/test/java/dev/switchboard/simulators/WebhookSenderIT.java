package dev.switchboard.simulators;

import java.time.Duration;

import org.junit.jupiter.api.Test;
import reactor.test.StepVerifier;

import static org.assertj.core.api.Assertions.assertThat;

class WebhookSenderIT {

	@Test
	void givesUpAfterTheRetriesAndCountsTheDrop() {
		WebhookReceiver receiver = new WebhookReceiver();
		SimulatorOptions options = SimulatorOptions.defaults().withWebhookUrl(receiver.url());
		try (WebhookSender sender = new WebhookSender(options.webhookUrl(), new MetaAccounts(options),
				Duration.ofMillis(10))) {
			receiver.failNext(100);

			StepVerifier.create(sender.deliver("100000000000001", Json.object().put("object", "x")))
				.expectComplete()
				.verify(Duration.ofSeconds(10));

			assertThat(receiver.attempts()).isEqualTo(5);
			assertThat(sender.failedAttempts()).isEqualTo(5);
			assertThat(sender.dropped()).isEqualTo(1);
			assertThat(sender.delivered()).isZero();
		}
		finally {
			receiver.close();
		}
	}

	@Test
	void unreachableReceiverIsAnErrorForSinglePosts() {
		SimulatorOptions options = SimulatorOptions.defaults().withWebhookUrl("http://localhost:1/webhooks");
		try (WebhookSender sender = new WebhookSender(options.webhookUrl(), new MetaAccounts(options),
				Duration.ofMillis(10))) {
			StepVerifier.create(sender.postRaw(new byte[] { '{', '}' }, null))
				.expectError()
				.verify(Duration.ofSeconds(10));
		}
	}

}
