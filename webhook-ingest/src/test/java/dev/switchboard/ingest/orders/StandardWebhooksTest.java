package dev.switchboard.ingest.orders;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.List;

import dev.switchboard.ingest.orders.StandardWebhooks.Check;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class StandardWebhooksTest {

	/** The reference vector published with the Standard Webhooks libraries. */
	private static final byte[] REFERENCE_KEY = OrderSourceConfig.decode("whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw");

	private static final String REFERENCE_ID = "msg_p5jXN8AQM9LWM0D4loKWxJek";

	private static final long REFERENCE_TIMESTAMP = 1614265330;

	private static final byte[] REFERENCE_BODY = "{\"test\": 2432232314}".getBytes(StandardCharsets.UTF_8);

	private static final String REFERENCE_SIGNATURE = "v1,g0hM9SsE+OTPJTGt/tmIKtSyZlE3uFJELVlNIOLJ1OE=";

	private static final Instant REFERENCE_NOW = Instant.ofEpochSecond(REFERENCE_TIMESTAMP);

	private static final byte[] KEY = OrderSourceConfig.decode("whsec_ZGVtby12aXppLXNpZ25pbmctc2VjcmV0");

	private static final byte[] OTHER_KEY = OrderSourceConfig.decode("whsec_b3RoZXItc2VjcmV0");

	private static final byte[] BODY = "{\"order\":{\"id\":\"IL1\"}}".getBytes(StandardCharsets.UTF_8);

	private static final Instant NOW = Instant.parse("2026-01-01T00:00:00Z");

	private static final String TIMESTAMP = Long.toString(NOW.getEpochSecond());

	@Test
	void matchesTheReferenceVector() {
		assertThat(StandardWebhooks.sign(REFERENCE_KEY, REFERENCE_ID, REFERENCE_TIMESTAMP, REFERENCE_BODY))
			.isEqualTo(REFERENCE_SIGNATURE);
		assertThat(StandardWebhooks.verify(REFERENCE_ID, Long.toString(REFERENCE_TIMESTAMP), REFERENCE_SIGNATURE,
				REFERENCE_BODY, List.of(REFERENCE_KEY), REFERENCE_NOW))
			.isEqualTo(Check.VALID);
	}

	@Test
	void acceptsAValidDelivery() {
		assertThat(verify("msg_1", TIMESTAMP, sign(KEY, "msg_1"), BODY, KEY)).isEqualTo(Check.VALID);
	}

	@Test
	void acceptsSeveralSignaturesWhenOneIsValid() {
		String header = sign(OTHER_KEY, "msg_1") + " v1,bm90LWEtc2lnbmF0dXJl " + sign(KEY, "msg_1");
		assertThat(verify("msg_1", TIMESTAMP, header, BODY, KEY)).isEqualTo(Check.VALID);
	}

	@Test
	void acceptsAnyOfSeveralKeysDuringRotation() {
		assertThat(StandardWebhooks.verify("msg_1", TIMESTAMP, sign(KEY, "msg_1"), BODY, List.of(OTHER_KEY, KEY), NOW))
			.isEqualTo(Check.VALID);
	}

	@Test
	void refusesATamperedBody() {
		byte[] tampered = "{\"order\":{\"id\":\"IL2\"}}".getBytes(StandardCharsets.UTF_8);
		assertThat(verify("msg_1", TIMESTAMP, sign(KEY, "msg_1"), tampered, KEY)).isEqualTo(Check.INVALID);
	}

	@Test
	void refusesATamperedIdOrTimestamp() {
		assertThat(verify("msg_2", TIMESTAMP, sign(KEY, "msg_1"), BODY, KEY)).isEqualTo(Check.INVALID);
		String otherTimestamp = Long.toString(NOW.getEpochSecond() + 1);
		assertThat(verify("msg_1", otherTimestamp, sign(KEY, "msg_1"), BODY, KEY)).isEqualTo(Check.INVALID);
	}

	@Test
	void refusesTheWrongSecret() {
		assertThat(verify("msg_1", TIMESTAMP, sign(OTHER_KEY, "msg_1"), BODY, KEY)).isEqualTo(Check.INVALID);
	}

	@Test
	void refusesTimestampsOutsideFiveMinutes() {
		String old = Long.toString(NOW.minusSeconds(301).getEpochSecond());
		String future = Long.toString(NOW.plusSeconds(301).getEpochSecond());
		String edge = Long.toString(NOW.minusSeconds(300).getEpochSecond());
		assertThat(verify("msg_1", old, signAt(KEY, "msg_1", old), BODY, KEY)).isEqualTo(Check.STALE);
		assertThat(verify("msg_1", future, signAt(KEY, "msg_1", future), BODY, KEY)).isEqualTo(Check.STALE);
		assertThat(verify("msg_1", edge, signAt(KEY, "msg_1", edge), BODY, KEY)).isEqualTo(Check.VALID);
		assertThat(verify("msg_1", "yesterday", sign(KEY, "msg_1"), BODY, KEY)).isEqualTo(Check.STALE);
	}

	@Test
	void refusesMissingHeaders() {
		String signature = sign(KEY, "msg_1");
		assertThat(verify(null, TIMESTAMP, signature, BODY, KEY)).isEqualTo(Check.MISSING);
		assertThat(verify("msg_1", null, signature, BODY, KEY)).isEqualTo(Check.MISSING);
		assertThat(verify("msg_1", TIMESTAMP, null, BODY, KEY)).isEqualTo(Check.MISSING);
		assertThat(verify("msg_1", TIMESTAMP, " ", BODY, KEY)).isEqualTo(Check.MISSING);
	}

	@Test
	void ignoresUnknownVersionPrefixes() {
		String valid = sign(KEY, "msg_1");
		String sameDigestOtherVersion = "v2," + valid.substring(3);
		assertThat(verify("msg_1", TIMESTAMP, sameDigestOtherVersion, BODY, KEY)).isEqualTo(Check.INVALID);
		assertThat(verify("msg_1", TIMESTAMP, "v1a,xyz " + sameDigestOtherVersion + " " + valid, BODY, KEY))
			.isEqualTo(Check.VALID);
	}

	@Test
	void refusesMalformedEntries() {
		assertThat(verify("msg_1", TIMESTAMP, "v1,not base64!", BODY, KEY)).isEqualTo(Check.INVALID);
		assertThat(verify("msg_1", TIMESTAMP, "garbage", BODY, KEY)).isEqualTo(Check.INVALID);
	}

	private static Check verify(String id, String timestamp, String signature, byte[] body, byte[] key) {
		return StandardWebhooks.verify(id, timestamp, signature, body, List.of(key), NOW);
	}

	private static String sign(byte[] key, String id) {
		return StandardWebhooks.sign(key, id, NOW.getEpochSecond(), BODY);
	}

	private static String signAt(byte[] key, String id, String timestamp) {
		return StandardWebhooks.sign(key, id, Long.parseLong(timestamp), BODY);
	}

}
