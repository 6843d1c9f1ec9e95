package dev.switchboard.http.security;

import java.util.Objects;

import org.springframework.security.oauth2.jwt.Jwt;

/**
 * Who calls, as the gateway vouched for it in the internal token. The tenant comes from
 * here and nowhere else.
 *
 * @param tenantId the caller's tenant
 * @param keyId the API key the gateway authenticated
 */
public record Caller(String tenantId, String keyId) {

	public Caller {
		Objects.requireNonNull(tenantId, "tenantId");
	}

	public static Caller of(Jwt token) {
		return new Caller(token.getClaimAsString(InternalTokens.TENANT_ID),
				token.getClaimAsString(InternalTokens.KEY_ID));
	}

}
