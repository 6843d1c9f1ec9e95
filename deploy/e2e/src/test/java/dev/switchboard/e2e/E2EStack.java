package dev.switchboard.e2e;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Duration;

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

	private static Running running() {
		Running current = running;
		if (current == null) {
			throw new IllegalStateException("Extend the test class with E2EStack");
		}
		return current;
	}

	/** The stack, closed with the root store. */
	private record Running(LocalStack stack) implements AutoCloseable {

		static Running start() {
			try {
				// A deadline, not a wait: one to two minutes on a quiet machine, up to
				// five when other builds share its two cores.
				return new Running(LocalStack.start(InfraOptions.forTests(), Ports.random(),
						LocalStack.repositoryRoot(), Duration.ofSeconds(420)));
			}
			catch (IOException ex) {
				throw new UncheckedIOException(ex);
			}
			catch (InterruptedException ex) {
				Thread.currentThread().interrupt();
				throw new IllegalStateException("Interrupted while starting the local stack", ex);
			}
		}

		@Override
		public void close() {
			this.stack.close();
		}

	}

}
