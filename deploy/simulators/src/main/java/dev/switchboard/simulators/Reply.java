package dev.switchboard.simulators;

import tools.jackson.databind.JsonNode;

/**
 * An HTTP answer of a simulator endpoint: status and JSON body.
 *
 * @param status HTTP status
 * @param body JSON bytes, empty for no body
 */
record Reply(int status, byte[] body) {

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
