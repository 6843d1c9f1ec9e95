package dev.switchboard.ingest.web;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.List;

import io.netty.buffer.UnpooledByteBufAllocator;
import org.junit.jupiter.api.Test;
import reactor.core.publisher.Flux;
import reactor.test.StepVerifier;

import org.springframework.core.io.buffer.NettyDataBuffer;
import org.springframework.core.io.buffer.NettyDataBufferFactory;
import org.springframework.http.HttpStatus;
import org.springframework.mock.http.server.reactive.MockServerHttpRequest;
import org.springframework.util.unit.DataSize;

import static org.assertj.core.api.Assertions.assertThat;

class RawBodyTest {

	private static final DataSize LIMIT = DataSize.ofBytes(10);

	private final NettyDataBufferFactory buffers = new NettyDataBufferFactory(new UnpooledByteBufAllocator(false));

	@Test
	void readsABodyWithinTheLimitAsTheExactBytes() {
		List<NettyDataBuffer> chunks = chunks("hello", " wor", "l");
		MockServerHttpRequest request = MockServerHttpRequest.post("/").body(Flux.fromIterable(chunks));

		StepVerifier.create(RawBody.read(request, LIMIT))
			.assertNext((bytes) -> assertThat(new String(bytes, StandardCharsets.UTF_8)).isEqualTo("hello worl"))
			.verifyComplete();
		assertThat(chunks).allSatisfy((chunk) -> assertThat(chunk.getNativeBuffer().refCnt()).isZero());
	}

	@Test
	void readsAnEmptyBodyAsNoBytes() {
		StepVerifier.create(RawBody.read(MockServerHttpRequest.post("/").build(), LIMIT))
			.assertNext((bytes) -> assertThat(bytes).isEmpty())
			.verifyComplete();
	}

	@Test
	void refusesAStreamedBodyPastTheLimitAfterReadingTheRestSoTheSenderSeesTheAnswer() {
		List<NettyDataBuffer> chunks = chunks("hello", " world", "and more", "and more");
		Flux<NettyDataBuffer> body = Flux.fromIterable(chunks);
		boolean[] completed = { false };
		MockServerHttpRequest request = MockServerHttpRequest.post("/")
			.body(body.doOnComplete(() -> completed[0] = true));

		StepVerifier.create(RawBody.read(request, LIMIT)).verifyErrorSatisfies(RawBodyTest::assertTooLarge);
		assertThat(completed[0]).as("the whole body was read").isTrue();
		assertThat(chunks).allSatisfy((chunk) -> assertThat(chunk.getNativeBuffer().refCnt()).isZero());
	}

	@Test
	void stopsReadingARefusedBodyOnceItPassesTheSwallowSize() {
		byte[] megabyte = new byte[1024 * 1024];
		Arrays.fill(megabyte, (byte) 'x');
		long[] chunksRead = { 0 };
		MockServerHttpRequest request = MockServerHttpRequest.post("/")
			.body(Flux.range(0, 100).map((n) -> this.buffers.wrap(megabyte)).doOnNext((chunk) -> chunksRead[0]++));

		StepVerifier.create(RawBody.read(request, LIMIT)).verifyErrorSatisfies(RawBodyTest::assertTooLarge);
		assertThat(chunksRead[0]).isLessThanOrEqualTo(RawBody.SWALLOW_BYTES / megabyte.length + 2);
	}

	@Test
	void refusesADeclaredLengthPastTheSwallowSizeWithoutReading() {
		boolean[] subscribed = { false };
		MockServerHttpRequest request = MockServerHttpRequest.post("/")
			.contentLength(RawBody.SWALLOW_BYTES + 1)
			.body(Flux.<NettyDataBuffer>empty().doOnSubscribe((subscription) -> subscribed[0] = true));

		StepVerifier.create(RawBody.read(request, LIMIT)).verifyErrorSatisfies(RawBodyTest::assertTooLarge);
		assertThat(subscribed[0]).isFalse();
	}

	@Test
	void readsADeclaredBodyLargerThanTheSwallowSizeWhenTheLimitAllowsIt() {
		byte[] large = new byte[(int) RawBody.SWALLOW_BYTES + 10];
		MockServerHttpRequest request = MockServerHttpRequest.post("/")
			.contentLength(large.length)
			.body(Flux.just(this.buffers.wrap(large)));

		StepVerifier.create(RawBody.read(request, DataSize.ofBytes(large.length)))
			.assertNext((bytes) -> assertThat(bytes).hasSize(large.length))
			.verifyComplete();
	}

	private List<NettyDataBuffer> chunks(String... texts) {
		return Arrays.stream(texts)
			.map((text) -> (NettyDataBuffer) this.buffers.wrap(text.getBytes(StandardCharsets.UTF_8)))
			.toList();
	}

	private static void assertTooLarge(Throwable error) {
		assertThat(error).isInstanceOfSatisfying(ProblemException.class, (problem) -> {
			assertThat(problem.status()).isEqualTo(HttpStatus.CONTENT_TOO_LARGE);
			assertThat(problem.code()).isEqualTo("PAYLOAD_TOO_LARGE");
		});
	}

}
