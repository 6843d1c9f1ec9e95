package dev.switchboard.gateway.identity;

import java.util.Map;

import org.springframework.boot.actuate.endpoint.annotation.Endpoint;
import org.springframework.boot.actuate.endpoint.annotation.ReadOperation;
import org.springframework.stereotype.Component;

/**
 * {@code /actuator/jwks}: the public keys of the internal identity token as a JWK Set, so
 * that services and operators can take the keys to trust from the gateway. Public halves
 * only.
 */
@Component
@Endpoint(id = "jwks")
class JwksEndpoint {

	private final InternalTokenIssuer issuer;

	JwksEndpoint(InternalTokenIssuer issuer) {
		this.issuer = issuer;
	}

	@ReadOperation
	public Map<String, Object> jwks() {
		return this.issuer.publicKeys().toJSONObject(true);
	}

}
