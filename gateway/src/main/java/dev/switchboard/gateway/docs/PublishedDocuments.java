package dev.switchboard.gateway.docs;

import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ObjectNode;

/**
 * The OpenAPI documents as the gateway publishes them. A service's document describes the
 * service as it sees itself (its own address, no key); through the gateway its operations
 * are called at the gateway's address with an API key. So the published document's only
 * server is {@code /}, the origin it was fetched from ("Try it out" in Swagger UI calls
 * the gateway, never the service's internal address) and every operation asks for the
 * gateway's security scheme, the same one the gateway's own document declares: the key a
 * person enters once in Swagger UI's Authorize dialog then goes with every call, whatever
 * document is shown.
 */
final class PublishedDocuments {

	/** The security scheme's name in every published document. */
	static final String SCHEME = "apiKey";

	private static final JsonMapper JSON = JsonMapper.builder().build();

	private PublishedDocuments() {
	}

	/**
	 * A service's document as the gateway publishes it.
	 * @param serviceDocument the document the service serves at {@code /v3/api-docs}
	 * @return the published document
	 */
	static byte[] ofService(byte[] serviceDocument) {
		JsonNode read = JSON.readTree(serviceDocument);
		if (!(read instanceof ObjectNode document)) {
			throw new IllegalArgumentException("An OpenAPI document is a JSON object");
		}
		document.putArray("servers")
			.addObject()
			.put("url", "/")
			.put("description", "The gateway this document is served from");
		ObjectNode components = (document.get("components") instanceof ObjectNode existing) ? existing
				: document.putObject("components");
		ObjectNode schemes = (components.get("securitySchemes") instanceof ObjectNode existing) ? existing
				: components.putObject("securitySchemes");
		schemes.set(SCHEME, scheme());
		document.putArray("security").addObject().putArray(SCHEME);
		return JSON.writeValueAsBytes(document);
	}

	/**
	 * The document Swagger UI shows first, the only one that needs no key: no operation,
	 * the gateway's security scheme (so that the Authorize dialog is there) and what to
	 * do.
	 * @return the start document
	 */
	static byte[] start() {
		ObjectNode document = JSON.createObjectNode();
		document.put("openapi", "3.1.0");
		document.putObject("info")
			.put("title", "Switchboard API")
			.put("version", "v1")
			.put("description", "Enter your API key (`sb_<prefix>.<secret>`) in **Authorize**, then pick a "
					+ "document in *Select a definition* above: the gateway's administration API or a service's API. "
					+ "Calls made with *Try it out* go through this gateway with that key.");
		document.putObject("paths");
		document.putObject("components").putObject("securitySchemes").set(SCHEME, scheme());
		document.putArray("security").addObject().putArray(SCHEME);
		return JSON.writeValueAsBytes(document);
	}

	/** The gateway's key as the gateway reads it: {@code Authorization: Bearer sb_…}. */
	static ObjectNode scheme() {
		ObjectNode scheme = JSON.createObjectNode();
		scheme.put("type", "http");
		scheme.put("scheme", "bearer");
		scheme.put("description", "The API key, `sb_<prefix>.<secret>`");
		return scheme;
	}

}
