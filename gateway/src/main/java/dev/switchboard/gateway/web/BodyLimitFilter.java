package dev.switchboard.gateway.web;

import java.util.concurrent.atomic.AtomicLong;

import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

import org.springframework.core.Ordered;
import org.springframework.core.annotation.Order;
import org.springframework.core.io.buffer.DataBuffer;
import org.springframework.core.io.buffer.DataBufferUtils;
import org.springframework.http.HttpStatus;
import org.springframework.http.server.reactive.ServerHttpRequest;
import org.springframework.http.server.reactive.ServerHttpRequestDecorator;
import org.springframework.stereotype.Component;
import org.springframework.web.server.ServerWebExchange;
import org.springframework.web.server.WebFilter;
import org.springframework.web.server.WebFilterChain;

/**
 * Refuses request bodies over the limit with 413: at once when {@code Content-Length}
 * says so, otherwise (chunked) as soon as the bytes read pass the limit. Runs before
 * authentication so that an oversized body costs nothing.
 */
@Component
@Order(Ordered.HIGHEST_PRECEDENCE + 3)
class BodyLimitFilter implements WebFilter {

	private final long maxBytes;

	BodyLimitFilter(HttpLimitsProperties properties) {
		this.maxBytes = properties.maxBodySize().toBytes();
	}

	@Override
	public Mono<Void> filter(ServerWebExchange exchange, WebFilterChain chain) {
		ServerHttpRequest request = exchange.getRequest();
		long declared = request.getHeaders().getContentLength();
		if (declared > this.maxBytes) {
			return Mono.error(tooLarge());
		}
		if (declared >= 0) {
			return chain.filter(exchange);
		}
		AtomicLong read = new AtomicLong();
		ServerHttpRequest counted = new ServerHttpRequestDecorator(request) {
			@Override
			public Flux<DataBuffer> getBody() {
				return super.getBody().handle((buffer, sink) -> {
					if (read.addAndGet(buffer.readableByteCount()) > BodyLimitFilter.this.maxBytes) {
						DataBufferUtils.release(buffer);
						sink.error(tooLarge());
						return;
					}
					sink.next(buffer);
				});
			}
		};
		return chain.filter(exchange.mutate().request(counted).build());
	}

	private GatewayProblem tooLarge() {
		return GatewayProblem.of(HttpStatus.CONTENT_TOO_LARGE, "PAYLOAD_TOO_LARGE",
				"The request body is larger than " + this.maxBytes + " bytes");
	}

}
