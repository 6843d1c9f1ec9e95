package dev.switchboard.infra;

import java.util.List;

import com.github.dockerjava.api.DockerClient;
import org.testcontainers.DockerClientFactory;
import org.testcontainers.containers.GenericContainer;

/**
 * Stops and starts a container in place (unlike Testcontainers' {@code stop()}, which
 * removes it), so that it comes back with its data on the same host port.
 */
final class ContainerControl {

	private ContainerControl() {
	}

	/**
	 * Publishes {@code containerPort} on {@code hostPort}: fixed bindings survive a
	 * restart, whereas Docker may pick another random port.
	 */
	static void bind(GenericContainer<?> container, int hostPort, int containerPort) {
		container.setPortBindings(List.of(hostPort + ":" + containerPort));
	}

	static void pause(GenericContainer<?> container) {
		client().stopContainerCmd(container.getContainerId()).exec();
	}

	static void resume(GenericContainer<?> container) {
		client().startContainerCmd(container.getContainerId()).exec();
	}

	/** Suspends every process of the container (the port stays open, nothing answers). */
	static void freeze(GenericContainer<?> container) {
		client().pauseContainerCmd(container.getContainerId()).exec();
	}

	static void thaw(GenericContainer<?> container) {
		client().unpauseContainerCmd(container.getContainerId()).exec();
	}

	private static DockerClient client() {
		return DockerClientFactory.instance().client();
	}

}
