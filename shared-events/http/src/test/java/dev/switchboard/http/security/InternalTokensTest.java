package dev.switchboard.http.security;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Base64;
import java.util.Date;
import java.util.List;
import java.util.function.UnaryOperator;

import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.crypto.MACSigner;
import com.nimbusds.jose.jwk.ECKey;
import com.nimbusds.jose.jwk.JWKSet;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;
import org.junit.jupiter.api.Test;

import org.springframework.security.oauth2.jwt.Jwt;
import org.springframework.security.oauth2.jwt.JwtException;
import org.springframework.security.oauth2.jwt.ReactiveJwtDecoder;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

class InternalTokensTest {

	private static final String AUDIENCE = "messaging-service";

	private final ECKey local = TestTokens.localKey();

	private final ReactiveJwtDecoder decoder = decoder(TestTokens.LOCAL_PUBLIC_KEYS);

	@Test
	void theGatewaysTokenNamesTheCaller() {
		Jwt jwt = this.decoder.decode(token(UnaryOperator.identity())).block();
		Caller caller = Caller.of(jwt);
		assertThat(caller.tenantId()).isEqualTo("demo");
		assertThat(caller.keyId()).isEqualTo("demokey1");
		assertThat(jwt.getClaimAsString("scope")).isEqualTo("messages:send messages:read");
	}

	@Test
	void aTokenSignedWithAnHs256SecretIsRefused() throws Exception {
		JWTClaimsSet claims = SignedJWT.parse(token(UnaryOperator.identity())).getJWTClaimsSet();
		SignedJWT hs256 = new SignedJWT(
				new JWSHeader.Builder(JWSAlgorithm.HS256).keyID(TestTokens.LOCAL_KEY_ID).build(), claims);
		hs256.sign(new MACSigner("local-internal-token-secret-0123456789abcdef".getBytes(StandardCharsets.UTF_8)));
		assertRefused(hs256.serialize());
	}

	@Test
	void anUnsignedTokenIsRefused() {
		String[] parts = token(UnaryOperator.identity()).split("\\.");
		String none = base64("{\"alg\":\"none\",\"kid\":\"" + TestTokens.LOCAL_KEY_ID + "\"}");
		assertRefused(none + "." + parts[1] + ".");
	}

	@Test
	void aTokenSignedByAnotherKeyIsRefusedEvenUnderATrustedKeyId() {
		ECKey impostor = TestTokens.newKey(TestTokens.LOCAL_KEY_ID);
		assertRefused(TestTokens.jws(impostor, AUDIENCE, UnaryOperator.identity()));
	}

	@Test
	void aTokenOfAnUnknownKeyIdIsRefused() {
		assertRefused(TestTokens.jws(TestTokens.newKey("unknown"), AUDIENCE, UnaryOperator.identity()));
	}

	@Test
	void aTokenWithoutKeyIdIsRefused() {
		ECKey withoutId = new ECKey.Builder(this.local).keyID(null).build();
		assertRefused(TestTokens.jws(withoutId, AUDIENCE, UnaryOperator.identity()));
	}

	@Test
	void theWrongIssuerIsRefused() {
		assertRefused(token((claims) -> claims.issuer("someone-else")));
	}

	@Test
	void anotherServicesTokenIsRefused() {
		assertRefused(TestTokens.jws(this.local, "order-service", UnaryOperator.identity()));
		assertRefused(token((claims) -> claims.audience((List<String>) null)));
	}

	@Test
	void anExpiredTokenIsRefused() {
		Instant issued = Instant.now().minusSeconds(300);
		assertRefused(token(
				(claims) -> claims.issueTime(Date.from(issued)).expirationTime(Date.from(issued.plusSeconds(60)))));
	}

	@Test
	void aTokenWithoutExpiryOrIssueTimeIsRefused() {
		assertRefused(token((claims) -> claims.expirationTime(null)));
		assertRefused(token((claims) -> claims.issueTime(null)));
	}

	@Test
	void aTokenMeantToLiveLongerThanSixtySecondsIsRefused() {
		Instant now = Instant.now();
		assertRefused(
				token((claims) -> claims.issueTime(Date.from(now)).expirationTime(Date.from(now.plusSeconds(61)))));
		assertThat(this.decoder
			.decode(token((claims) -> claims.issueTime(Date.from(now)).expirationTime(Date.from(now.plusSeconds(60)))))
			.block()).isNotNull();
	}

	@Test
	void aTokenWithoutTenantIsRefused() {
		assertRefused(token((claims) -> claims.claim("tenant_id", null)));
		assertRefused(token((claims) -> claims.claim("tenant_id", " ")));
	}

	@Test
	void aTamperedTokenIsRefused() {
		String token = token(UnaryOperator.identity());
		String other = token((claims) -> claims.claim("tenant_id", "acme"));
		String[] parts = token.split("\\.");
		String forged = parts[0] + "." + other.split("\\.")[1] + "." + parts[2];
		assertRefused(forged);
	}

	@Test
	void duringARotationBothKeysAreTrustedAndTheRemovedOneNoLongerIs() {
		ECKey next = TestTokens.newKey("next-1");
		String oldToken = token(UnaryOperator.identity());
		String newToken = TestTokens.jws(next, AUDIENCE, UnaryOperator.identity());

		ReactiveJwtDecoder both = decoder(TestTokens.publicKeys(this.local, next));
		assertThat(both.decode(oldToken).block()).isNotNull();
		assertThat(both.decode(newToken).block()).isNotNull();

		ReactiveJwtDecoder rotated = decoder(TestTokens.publicKeys(next));
		assertThat(rotated.decode(newToken).block()).isNotNull();
		assertThatExceptionOfType(JwtException.class).isThrownBy(() -> rotated.decode(oldToken).block());
	}

	@Test
	void theKeysMayBeGivenAsTheGatewaysJwks() {
		ECKey next = TestTokens.newKey("next-1");
		String jwks = new JWKSet(List.of(this.local, next)).toPublicJWKSet().toString();
		ReactiveJwtDecoder fromJwks = decoder(jwks);
		assertThat(fromJwks.decode(token(UnaryOperator.identity())).block()).isNotNull();
		assertThat(fromJwks.decode(TestTokens.jws(next, AUDIENCE, UnaryOperator.identity())).block()).isNotNull();
	}

	@Test
	void withoutPublicKeysEveryTokenIsRefused() {
		ReactiveJwtDecoder refusing = InternalTokens
			.decoder(new InternalTokenProperties(null, "switchboard-gateway", AUDIENCE, false));
		assertThatExceptionOfType(JwtException.class)
			.isThrownBy(() -> refusing.decode(token(UnaryOperator.identity())).block());
	}

	@Test
	void requiredPublicKeysMustBeThereAndWellFormed() {
		assertThatExceptionOfType(IllegalArgumentException.class)
			.isThrownBy(() -> new InternalTokenProperties(" ", "switchboard-gateway", AUDIENCE, true))
			.withMessageContaining("switchboard.internal-token.public-keys");
		assertThatExceptionOfType(IllegalArgumentException.class)
			.isThrownBy(() -> InternalTokenProperties.of("local-1:bm90IGEga2V5", AUDIENCE))
			.withMessageContaining("local-1");
		assertThatExceptionOfType(IllegalArgumentException.class)
			.isThrownBy(() -> InternalTokenProperties.of("no-key-id", AUDIENCE));
		assertThatExceptionOfType(IllegalArgumentException.class)
			.isThrownBy(() -> InternalTokenProperties
				.of(TestTokens.LOCAL_PUBLIC_KEYS + "," + TestTokens.LOCAL_PUBLIC_KEYS, AUDIENCE))
			.withMessageContaining("twice");
	}

	@Test
	void privateKeysAreNotTakenAsTrustedKeys() {
		String privateJwks = new JWKSet(this.local).toString(false);
		assertThatExceptionOfType(IllegalArgumentException.class)
			.isThrownBy(() -> InternalTokenProperties.of(privateJwks, AUDIENCE))
			.withMessageContaining("public keys only")
			.withMessageNotContaining(this.local.getD().toString());
	}

	private static ReactiveJwtDecoder decoder(String publicKeys) {
		return InternalTokens.decoder(InternalTokenProperties.of(publicKeys, AUDIENCE));
	}

	private String token(UnaryOperator<JWTClaimsSet.Builder> customizer) {
		return TestTokens.jws(this.local, AUDIENCE, customizer);
	}

	private static String base64(String json) {
		return Base64.getUrlEncoder().withoutPadding().encodeToString(json.getBytes(StandardCharsets.UTF_8));
	}

	private void assertRefused(String token) {
		assertThatExceptionOfType(JwtException.class).isThrownBy(() -> this.decoder.decode(token).block());
	}

}
