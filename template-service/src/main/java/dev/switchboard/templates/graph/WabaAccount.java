package dev.switchboard.templates.graph;

/**
 * A tenant's WhatsApp Business Account and the token to read its templates.
 *
 * @param tenantId owning tenant
 * @param wabaId WhatsApp Business Account id
 * @param accessToken Graph API access token; never logged
 */
public record WabaAccount(String tenantId, String wabaId, String accessToken) {

	@Override
	public String toString() {
		return "WabaAccount[tenantId=" + this.tenantId + ", wabaId=" + this.wabaId + ", accessToken=***]";
	}

}
