package dev.switchboard.gateway.limits;

import java.util.List;

/**
 * The two scopes a request is counted in and their windows.
 *
 * @param tenantId the tenant
 * @param keyId the API key
 * @param keyWindows the key's windows
 * @param tenantWindows the tenant's windows
 */
record RateScopes(String tenantId, String keyId, List<RateWindow> keyWindows, List<RateWindow> tenantWindows) {

	/** Counter prefix of the key; hash-tagged by tenant so both scopes share a slot. */
	String keyCounter() {
		return "rl:{" + this.tenantId + "}:k:" + this.keyId;
	}

	String tenantCounter() {
		return "rl:{" + this.tenantId + "}:t";
	}

}
