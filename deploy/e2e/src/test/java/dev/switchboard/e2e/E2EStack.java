package dev.switchboard.e2e;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Duration;
import java.util.List;

import dev.switchboard.infra.InfraOptions;
import dev.switchboard.local.LocalStack;
import dev.switchboard.local.Ports;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.extension.ExtensionContext.Namespace;

/**
 * One local stack for every end-to-end class of a test JVM: starting it takes a minute or
 * two, so it is started by the first class that needs it and closed by JUnit's root store
 * when the whole run ends. Tests share it, so each works with its own order ids and phone
 * numbers.
 */
final class E2EStack implements BeforeAllCallback {

	private static final Namespace NAMESPACE = Namespace.create(E2EStack.class);

	private static volatile Running running;

	@Override
	public void beforeAll(ExtensionContext context) {
		running = context.getRoot()
			.getStore(NAMESPACE)
			.computeIfAbsent("stack", (key) -> Running.start(), Running.class);
	}

	/** The running stack; only inside a class extended with this. */
	static LocalStack stack() {
		return running().stack();
	}

	/**
	 * The spans every service of the stack exports; only inside a class extended with
	 * this.
	 */
	static TraceCollector traces() {
		return running().traces();
	}

	private static Running running() {
		Running current = running;
		if (current == null) {
			throw new IllegalStateException("Extend the test class with E2EStack");
		}
		return current;
	}

	/**
	 * The stack and the trace receiver its services export to, closed with the root
	 * store.
	 */
	private record Running(LocalStack stack, TraceCollector traces) implements AutoCloseable {

		static Running start() {
			TraceCollector traces = null;
			try {
				traces = TraceCollector.start();
				// A deadline, not a wait: one to two minutes on a quiet machine, up to
				// five when other builds share its two cores. Every span is sampled and
				// exported within moments, so that a test finds its trace soon.
				return new Running(LocalStack.start(InfraOptions.forTests(), Ports.random(),
						LocalStack.repositoryRoot(), Duration.ofSeconds(420),
						List.of("--management.tracing.sampling.probability=1.0",
								"--management.opentelemetry.tracing.export.otlp.endpoint=" + traces.endpoint(),
								"--management.opentelemetry.tracing.export.schedule-delay=200ms")),
						traces);
			}
			catch (IOException ex) {
				close(traces);
				throw new UncheckedIOException(ex);
			}
			catch (InterruptedException ex) {
				close(traces);
				Thread.currentThread().interrupt();
				throw new IllegalStateException("Interrupted while starting the local stack", ex);
			}
			catch (RuntimeException ex) {
				close(traces);
				throw ex;
			}
		}

		private static void close(TraceCollector traces) {
			if (traces != null) {
				traces.close();
			}
		}

		@Override
		public void close() {
			this.stack.close();
			this.traces.close();
		}

	}

}
