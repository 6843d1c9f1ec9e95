package dev.switchboard.http;

import java.util.UUID;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class RequestIdsTest {

	@Test
	void generatesVersion4Uuids() {
		UUID id = UUID.fromString(RequestIds.generate());
		assertThat(id.version()).isEqualTo(4);
		assertThat(id.variant()).isEqualTo(2);
		assertThat(RequestIds.generate()).isNotEqualTo(RequestIds.generate());
	}

	@Test
	void acceptsOnlyPlainIds() {
		assertThat(RequestIds.isAcceptable("3f0e8d5c-5b1a-4c1e-9a57-1f7f0c2b9e11")).isTrue();
		assertThat(RequestIds.isAcceptable("order:42.retry_1")).isTrue();
		assertThat(RequestIds.isAcceptable(null)).isFalse();
		assertThat(RequestIds.isAcceptable("")).isFalse();
		assertThat(RequestIds.isAcceptable("a b")).isFalse();
		assertThat(RequestIds.isAcceptable("x\r\nSet-Cookie: y")).isFalse();
		assertThat(RequestIds.isAcceptable("x".repeat(129))).isFalse();
	}

}
