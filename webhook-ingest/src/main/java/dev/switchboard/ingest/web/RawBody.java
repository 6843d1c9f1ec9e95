package dev.switchboard.ingest.web;

import java.util.concurrent.atomic.AtomicLong;

import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

import org.springframework.core.io.buffer.DataBuffer;
import org.springframework.core.io.buffer.DataBufferUtils;
import org.springframework.http.HttpStatus;
import org.springframework.http.server.reactive.ServerHttpRequest;
import org.springframework.util.unit.DataSize;

/**
 * Reads a request body as the exact bytes received (signatures are computed over them),
 * refusing it once it passes a limit, without buffering beyond it.
 * <p>
 * A refused body is still read and discarded up to {@link #SWALLOW_BYTES} before the
 * answer goes out: a client still writing its body when the server closes the connection
 * would get a reset instead of the 413 (the same trade-off as Tomcat's swallow size).
 * Larger declared bodies are refused at once.
 */
public final class RawBody {

	/** Most of a refused body read and discarded so that its sender sees the answer. */
	static final long SWALLOW_BYTES = DataSize.ofMegabytes(2).toBytes();

	private static final byte[] EMPTY = new byte[0];

	private RawBody() {
	}

	public static Mono<byte[]> read(ServerHttpRequest request, DataSize limit) {
		long maxBytes = limit.toBytes();
		long readAtMost = Math.max(maxBytes, SWALLOW_BYTES);
		if (request.getHeaders().getContentLength() > readAtMost) {
			return Mono.error(tooLarge(limit));
		}
		AtomicLong received = new AtomicLong();
		// Buffers past the limit are filtered out and released by the discard hook, as
		// are the one takeWhile stops at and those collected when the read fails.
		Flux<DataBuffer> withinLimit = request.getBody()
			.takeWhile((buffer) -> received.get() <= readAtMost)
			.filter((buffer) -> received.addAndGet(buffer.readableByteCount()) <= maxBytes)
			.doOnDiscard(DataBuffer.class, DataBufferUtils::release);
		return withinLimit.collectList().flatMap((buffers) -> {
			if (received.get() > maxBytes) {
				buffers.forEach(DataBufferUtils::release);
				return Mono.error(tooLarge(limit));
			}
			return DataBufferUtils.join(Flux.fromIterable(buffers)).map(RawBody::toBytes);
		}).defaultIfEmpty(EMPTY);
	}

	private static byte[] toBytes(DataBuffer buffer) {
		try {
			byte[] bytes = new byte[buffer.readableByteCount()];
			buffer.read(bytes);
			return bytes;
		}
		finally {
			DataBufferUtils.release(buffer);
		}
	}

	private static ProblemException tooLarge(DataSize limit) {
		return new ProblemException(HttpStatus.CONTENT_TOO_LARGE, "PAYLOAD_TOO_LARGE",
				"The request body exceeds " + limit.toBytes() + " bytes");
	}

}
