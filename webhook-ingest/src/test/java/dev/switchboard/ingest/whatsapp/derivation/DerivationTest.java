package dev.switchboard.ingest.whatsapp.derivation;

import java.time.Instant;
import java.util.List;

import dev.switchboard.events.Topic;
import dev.switchboard.events.wa.WaRejectedWebhook;
import dev.switchboard.ingest.IngestProperties;
import dev.switchboard.ingest.channels.ChannelConfig;
import dev.switchboard.ingest.channels.ChannelDirectory;
import dev.switchboard.ingest.whatsapp.WebhookFixtures;
import dev.switchboard.ingest.whatsapp.parsing.WebhookContent;
import dev.switchboard.ingest.whatsapp.parsing.WebhookParser;
import dev.switchboard.ingest.whatsapp.signature.SignatureVerifier;
import dev.switchboard.ingest.whatsapp.signature.Signer;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A change is routed only to a channel holding the app secret its webhook was signed
 * with, whether the secret was just verified or is known by a parked change's
 * fingerprint.
 */
class DerivationTest {

	private static final String PHONE_NUMBER_ID = "100000000000042";

	private static final ChannelConfig TENANT_B = new ChannelConfig("tenant-b", "b-meta", PHONE_NUMBER_ID, null,
			List.of("b-app-secret"), "b-verify-token");

	private final ChannelDirectory channels = new ChannelDirectory(new IngestProperties(List.of(TENANT_B), null, null));

	private final WebhookContent content = WebhookParser.parse(WebhookFixtures.statusBatch(PHONE_NUMBER_ID, 1, 2));

	@Test
	void routesAChangeSignedWithASecretOfItsChannel() {
		DerivedEvents derived = derive(Signer.ofFingerprint(SignatureVerifier.fingerprint("b-app-secret")));

		assertThat(derived.refused()).isEmpty();
		assertThat(derived.routed()).hasSize(2)
			.allSatisfy((event) -> assertThat(event.outgoing().event().tenantId()).isEqualTo("tenant-b"));
	}

	@Test
	void refusesAChangeSignedWithAnotherTenantsSecretInsteadOfRoutingIt() {
		DerivedEvents derived = derive(Signer.ofFingerprint(SignatureVerifier.fingerprint("a-app-secret")));

		assertThat(derived.routed()).isEmpty();
		assertThat(derived.refused()).singleElement().satisfies((event) -> {
			assertThat(event.topic()).isEqualTo(Topic.WA_REJECTED);
			assertThat(event.event().tenantId()).isEqualTo(Derivation.NO_TENANT);
			assertThat(((WaRejectedWebhook) event.event().data()).code()).isEqualTo("SIGNER_MISMATCH");
			assertThat(((WaRejectedWebhook) event.event().data()).rawEventId()).isEqualTo("raw-1");
		});
		assertThat(derive(Signer.of("a-app-secret")).routed()).isEmpty();
	}

	@Test
	void refusesAChangeParkedWithoutItsSigner() {
		DerivedEvents derived = derive(Signer.UNKNOWN);

		assertThat(derived.routed()).isEmpty();
		assertThat(derived.refused()).singleElement()
			.satisfies((event) -> assertThat(((WaRejectedWebhook) event.event().data()).code())
				.isEqualTo("SIGNER_UNKNOWN"));
	}

	private DerivedEvents derive(Signer signer) {
		return Derivation.derive(this.content, this.channels, signer, "raw-1", Instant.now(), "corr-1");
	}

}
