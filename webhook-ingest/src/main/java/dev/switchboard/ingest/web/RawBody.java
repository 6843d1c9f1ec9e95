package dev.switchboard.ingest.web;

import reactor.core.publisher.Mono;

import org.springframework.core.io.buffer.DataBuffer;
import org.springframework.core.io.buffer.DataBufferLimitException;
import org.springframework.core.io.buffer.DataBufferUtils;
import org.springframework.http.HttpStatus;
import org.springframework.http.server.reactive.ServerHttpRequest;
import org.springframework.util.unit.DataSize;

/**
 * Reads a request body as the exact bytes received (signatures are computed over them),
 * refusing it as soon as it passes a limit: a declared {@code Content-Length} over the
 * limit is refused before reading, a streamed body once the limit is crossed, without
 * buffering beyond it.
 */
public final class RawBody {

	private static final byte[] EMPTY = new byte[0];

	private RawBody() {
	}

	public static Mono<byte[]> read(ServerHttpRequest request, DataSize limit) {
		int maxBytes = Math.toIntExact(limit.toBytes());
		long declared = request.getHeaders().getContentLength();
		if (declared > maxBytes) {
			return Mono.error(tooLarge(limit));
		}
		return DataBufferUtils.join(request.getBody(), maxBytes)
			.map(RawBody::toBytes)
			.defaultIfEmpty(EMPTY)
			.onErrorMap(DataBufferLimitException.class, (ex) -> tooLarge(limit));
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
