package dev.switchboard.simulators;

import java.nio.charset.StandardCharsets;

import tools.jackson.databind.JsonNode;

/**
 * An HTTP answer of a simulator endpoint: status and JSON body.
 *
 * @param status HTTP status
 * @param body JSON bytes, empty for no body
 */
record Reply(int status, byte[] body) {

	/** 200 with half a megabyte of JSON of the wrong shape. */
	static Reply hostile() {
		String junk = "x".repeat(512 * 1024);
		return new Reply(200, ("{\"messaging_product\":\"whatsapp\",\"messages\":[{\"id\":\"" + junk
				+ "\"}],\"data\":{\"id\":\"" + junk + "\"}}")
			.getBytes(StandardCharsets.UTF_8));
	}

	static Reply json(int status, JsonNode node) {
		return new Reply(status, Json.bytes(node));
	}

	static Reply ok(JsonNode node) {
		return json(200, node);
	}

	static Reply noContent() {
		return new Reply(204, new byte[0]);
	}

}
