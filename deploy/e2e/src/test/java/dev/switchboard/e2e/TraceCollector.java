package dev.switchboard.e2e;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.HexFormat;
import java.util.List;
import java.util.concurrent.ConcurrentLinkedDeque;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.zip.GZIPInputStream;

import io.opentelemetry.proto.collector.trace.v1.ExportTraceServiceRequest;
import io.opentelemetry.proto.collector.trace.v1.ExportTraceServiceResponse;
import io.opentelemetry.proto.common.v1.AnyValue;
import io.opentelemetry.proto.common.v1.KeyValue;
import io.opentelemetry.proto.trace.v1.ResourceSpans;
import io.opentelemetry.proto.trace.v1.ScopeSpans;
import reactor.core.publisher.Mono;
import reactor.netty.DisposableServer;
import reactor.netty.http.server.HttpServer;
import reactor.netty.http.server.HttpServerRequest;
import reactor.netty.http.server.HttpServerResponse;

/**
 * An OTLP/HTTP trace receiver in the test JVM ({@code POST /v1/traces}, protobuf): the
 * services of the stack export their spans here, and tests look them up by trace id. Only
 * the most recent {@value #KEPT} spans are kept: the stack is shared by every end-to-end
 * class, and only a test's own traces matter to it.
 */
final class TraceCollector implements AutoCloseable {

	private static final int KEPT = 200_000;

	private static final HexFormat HEX = HexFormat.of();

	private final DisposableServer server;

	private final ConcurrentLinkedDeque<CollectedSpan> spans = new ConcurrentLinkedDeque<>();

	private final AtomicInteger size = new AtomicInteger();

	private TraceCollector() {
		this.server = HttpServer.create()
			.host("127.0.0.1")
			.port(0)
			.route((routes) -> routes.post("/v1/traces", this::export))
			.bindNow();
	}

	/** Listens on a free port of the loopback interface. */
	static TraceCollector start() {
		return new TraceCollector();
	}

	/**
	 * Where services send spans:
	 * {@code management.opentelemetry.tracing.export.otlp.endpoint}.
	 */
	String endpoint() {
		return "http://localhost:" + this.server.port() + "/v1/traces";
	}

	/** The spans received so far of one trace. */
	List<CollectedSpan> trace(String traceId) {
		return this.spans.stream().filter((span) -> span.traceId().equals(traceId)).toList();
	}

	private Mono<Void> export(HttpServerRequest request, HttpServerResponse response) {
		boolean gzip = "gzip".equalsIgnoreCase(request.requestHeaders().get("Content-Encoding"));
		return request.receive().aggregate().asByteArray().flatMap((body) -> {
			parse(body, gzip).getResourceSpansList().forEach(this::keep);
			return response.header("Content-Type", "application/x-protobuf")
				.sendByteArray(Mono.just(ExportTraceServiceResponse.getDefaultInstance().toByteArray()))
				.then();
		});
	}

	private static ExportTraceServiceRequest parse(byte[] body, boolean gzip) {
		try (InputStream in = gzip ? new GZIPInputStream(new ByteArrayInputStream(body))
				: new ByteArrayInputStream(body)) {
			return ExportTraceServiceRequest.parseFrom(in);
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
	}

	private void keep(ResourceSpans resource) {
		String service = resource.getResource()
			.getAttributesList()
			.stream()
			.filter((attribute) -> attribute.getKey().equals("service.name"))
			.map(KeyValue::getValue)
			.map(AnyValue::getStringValue)
			.findFirst()
			.orElse("");
		for (ScopeSpans scope : resource.getScopeSpansList()) {
			scope.getSpansList().forEach((span) -> {
				this.spans.add(new CollectedSpan(service, HEX.formatHex(span.getTraceId().toByteArray()),
						HEX.formatHex(span.getSpanId().toByteArray()),
						HEX.formatHex(span.getParentSpanId().toByteArray()), span.getName(), span.getKind().name()));
				if (this.size.incrementAndGet() > KEPT && this.spans.pollFirst() != null) {
					this.size.decrementAndGet();
				}
			});
		}
	}

	@Override
	public void close() {
		this.server.disposeNow();
	}

	/**
	 * One span as a service exported it.
	 *
	 * @param service the exporting service ({@code service.name})
	 * @param traceId trace id, 32 hex digits
	 * @param spanId span id, 16 hex digits
	 * @param parentSpanId the parent's span id, empty for a root span
	 * @param name span name
	 * @param kind {@code SPAN_KIND_SERVER}, {@code SPAN_KIND_PRODUCER}, ...
	 */
	record CollectedSpan(String service, String traceId, String spanId, String parentSpanId, String name, String kind) {
	}

}
