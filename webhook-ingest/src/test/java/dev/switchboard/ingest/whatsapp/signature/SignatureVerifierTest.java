package dev.switchboard.ingest.whatsapp.signature;

import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Locale;

import org.junit.jupiter.api.Test;
import tools.jackson.databind.json.JsonMapper;

import static org.assertj.core.api.Assertions.assertThat;

class SignatureVerifierTest {

	private static final byte[] BODY = "{\"object\":\"whatsapp_business_account\",\"entry\":[]}"
		.getBytes(StandardCharsets.UTF_8);

	private final SignatureVerifier verifier = new SignatureVerifier();

	@Test
	void acceptsTheSignatureOfTheAppSecret() {
		String header = SignatureVerifier.sign(BODY, "app-secret");

		assertThat(header).matches("sha256=[0-9a-f]{64}");
		assertThat(this.verifier.verify(BODY, header, List.of("app-secret"))).isEqualTo(SignatureCheck.VALID);
	}

	@Test
	void refusesASignatureMadeWithAnotherSecret() {
		String header = SignatureVerifier.sign(BODY, "someone-else");

		assertThat(this.verifier.verify(BODY, header, List.of("app-secret"))).isEqualTo(SignatureCheck.INVALID);
	}

	@Test
	void acceptsTheSecondSecretWhileASecretIsRotated() {
		String header = SignatureVerifier.sign(BODY, "new-secret");

		assertThat(this.verifier.verify(BODY, header, List.of("old-secret", "new-secret")))
			.isEqualTo(SignatureCheck.VALID);
	}

	@Test
	void reportsAMissingHeaderApartFromAWrongOne() {
		assertThat(this.verifier.verify(BODY, null, List.of("app-secret"))).isEqualTo(SignatureCheck.MISSING);
		assertThat(this.verifier.verify(BODY, " ", List.of("app-secret"))).isEqualTo(SignatureCheck.MISSING);
	}

	@Test
	void refusesAHeaderWithoutThePrefix() {
		String hex = SignatureVerifier.sign(BODY, "app-secret").substring("sha256=".length());

		assertThat(this.verifier.verify(BODY, hex, List.of("app-secret"))).isEqualTo(SignatureCheck.INVALID);
		assertThat(this.verifier.verify(BODY, "sha1=" + hex, List.of("app-secret"))).isEqualTo(SignatureCheck.INVALID);
	}

	@Test
	void refusesHexOfTheWrongLengthOrNotHex() {
		String header = SignatureVerifier.sign(BODY, "app-secret");

		assertThat(this.verifier.verify(BODY, header.substring(0, header.length() - 2), List.of("app-secret")))
			.isEqualTo(SignatureCheck.INVALID);
		assertThat(this.verifier.verify(BODY, header + "00", List.of("app-secret"))).isEqualTo(SignatureCheck.INVALID);
		assertThat(this.verifier.verify(BODY, "sha256=" + "zz".repeat(32), List.of("app-secret")))
			.isEqualTo(SignatureCheck.INVALID);
	}

	@Test
	void acceptsUppercaseHexLikeLowercase() {
		String header = SignatureVerifier.sign(BODY, "app-secret");
		String upper = "sha256=" + header.substring("sha256=".length()).toUpperCase(Locale.ROOT);

		assertThat(this.verifier.verify(BODY, upper, List.of("app-secret"))).isEqualTo(SignatureCheck.VALID);
	}

	@Test
	void refusesWhenNoSecretIsExpected() {
		String header = SignatureVerifier.sign(BODY, "app-secret");

		assertThat(this.verifier.verifyAll(BODY, header, List.of())).isEqualTo(SignatureCheck.INVALID);
	}

	@Test
	void requiresASecretOfEveryNamedChannel() {
		String header = SignatureVerifier.sign(BODY, "shared-app");

		assertThat(this.verifier.verifyAll(BODY, header, List.of(List.of("shared-app"), List.of("x", "shared-app"))))
			.isEqualTo(SignatureCheck.VALID);
		assertThat(this.verifier.verifyAll(BODY, header, List.of(List.of("shared-app"), List.of("other-app"))))
			.isEqualTo(SignatureCheck.INVALID);
	}

	@Test
	void verifiesTheRawBytesAndFailsOnceTheJsonIsReserialised() {
		// Meta escapes non-ASCII as \\uXXXX and may escape '/', exactly as here.
		String raw = "{\"entry\":[{\"changes\":[{\"value\":{\"text\":\"\\u05e9\\u05dc\\u05d5\\u05dd\","
				+ "\"link\":\"https:\\/\\/example.com\\/a\"}}]}]}";
		byte[] body = raw.getBytes(StandardCharsets.UTF_8);
		String header = SignatureVerifier.sign(body, "app-secret");

		byte[] reserialised = JsonMapper.builder()
			.build()
			.writeValueAsBytes(JsonMapper.builder().build().readTree(body));

		assertThat(new String(reserialised, StandardCharsets.UTF_8)).contains("\u05e9\u05dc\u05d5\u05dd",
				"https://example.com/a");
		assertThat(this.verifier.verify(body, header, List.of("app-secret"))).isEqualTo(SignatureCheck.VALID);
		assertThat(this.verifier.verify(reserialised, header, List.of("app-secret"))).isEqualTo(SignatureCheck.INVALID);
	}

	@Test
	void identifiesWhichCandidateSecretSignedTheRawBytes() {
		byte[] notJson = "{\"entry\": [ not json".getBytes(StandardCharsets.UTF_8);

		Signer signer = this.verifier.identify(notJson, SignatureVerifier.sign(notJson, "app-b"),
				List.of("app-a", "app-b", "app-c"));

		assertThat(signer.valid()).isTrue();
		assertThat(signer.secret()).isEqualTo("app-b");
		assertThat(signer.fingerprint()).isEqualTo(SignatureVerifier.fingerprint("app-b"));
		assertThat(signer.toString()).doesNotContain("app-b");
		assertThat(this.verifier.identify(notJson, SignatureVerifier.sign(notJson, "app-d"), List.of("app-a", "app-b"))
			.check()).isEqualTo(SignatureCheck.INVALID);
		assertThat(this.verifier.identify(notJson, null, List.of("app-a")).check()).isEqualTo(SignatureCheck.MISSING);
		assertThat(this.verifier.identify(notJson, "sha256=zz", List.of("app-a")).check())
			.isEqualTo(SignatureCheck.INVALID);
	}

	@Test
	void fingerprintsASecretStablyWithoutRevealingIt() {
		assertThat(SignatureVerifier.fingerprint("app-secret")).matches("[0-9a-f]{32}")
			.isEqualTo(SignatureVerifier.fingerprint("app-secret"))
			.isNotEqualTo(SignatureVerifier.fingerprint("other-secret"));
	}

}
