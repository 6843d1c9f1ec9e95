package dev.switchboard.ingest.orders;

import java.util.Base64;
import java.util.List;

import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotEmpty;
import jakarta.validation.constraints.Pattern;

/**
 * One tenant's order source: who posts orders for the tenant and with which Standard
 * Webhooks secrets they are signed. Secrets never appear in {@link #toString()}.
 *
 * @param tenantId tenant the orders belong to
 * @param source order source name as it appears in the path, e.g. {@code vizi}
 * @param signingSecrets {@code whsec_<base64>} secrets; several while one is rotated
 */
public record OrderSourceConfig(@NotBlank String tenantId, @NotBlank @Pattern(regexp = "[a-z0-9-]{1,32}") String source,
		@NotEmpty List<@NotBlank String> signingSecrets) {

	static final String SECRET_PREFIX = "whsec_";

	private static final String MASK = "****";

	public OrderSourceConfig {
		signingSecrets = (signingSecrets != null) ? List.copyOf(signingSecrets) : List.of();
		// Checked here rather than with @Pattern: a constraint violation would print the
		// secret.
		for (String secret : signingSecrets) {
			if (secret != null && !secret.isBlank() && decode(secret) == null) {
				throw new IllegalArgumentException("Order source " + source + " of tenant " + tenantId
						+ " has a signing secret that is not whsec_ followed by base64");
			}
		}
	}

	/** The HMAC keys: each secret without its prefix, base64-decoded. */
	List<byte[]> signingKeys() {
		return this.signingSecrets.stream().map(OrderSourceConfig::decode).toList();
	}

	static byte[] decode(String secret) {
		String encoded = secret.startsWith(SECRET_PREFIX) ? secret.substring(SECRET_PREFIX.length()) : null;
		if (encoded == null || encoded.isEmpty()) {
			return null;
		}
		try {
			return Base64.getDecoder().decode(encoded);
		}
		catch (IllegalArgumentException ex) {
			return null;
		}
	}

	@Override
	public String toString() {
		return "OrderSourceConfig[tenantId=" + this.tenantId + ", source=" + this.source + ", signingSecrets="
				+ this.signingSecrets.stream().map((secret) -> MASK).toList() + "]";
	}

}
