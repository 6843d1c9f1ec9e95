package dev.switchboard.events.tenants;

/**
 * A named secret of a tenant that its workflows may use (e.g. a helpdesk API token in an
 * {@code http_call} header), encrypted bound to {@code <tenantId>/secrets/<name>}.
 *
 * @param name secret name, lower case letters, digits and underscores
 * @param value the secret, encrypted
 */
public record TenantSecret(String name, EncryptedSecret value) {

	/**
	 * What the secret is encrypted bound to: a copy under another tenant or name does not
	 * open.
	 */
	public static String boundTo(String tenantId, String name) {
		return tenantId + "/secrets/" + name;
	}

}
