package dev.switchboard.outbound;

import java.net.InetSocketAddress;
import java.net.SocketAddress;
import java.nio.channels.UnsupportedAddressTypeException;
import java.util.List;

import io.netty.resolver.AddressResolver;
import io.netty.resolver.AddressResolverGroup;
import io.netty.util.concurrent.EventExecutor;
import io.netty.util.concurrent.Future;
import io.netty.util.concurrent.Promise;

/**
 * Resolves the addresses an HTTP client connects to through the policy: every address,
 * address literals included (nothing counts as already resolved), is checked right before
 * the connection, so a name whose DNS changed after its URL was checked is still refused.
 * Resolution runs off the event loop; the promise completes from there.
 */
final class PolicyAddressResolverGroup extends AddressResolverGroup<InetSocketAddress> {

	private final OutboundUrlPolicy policy;

	PolicyAddressResolverGroup(OutboundUrlPolicy policy) {
		this.policy = policy;
	}

	@Override
	protected AddressResolver<InetSocketAddress> newResolver(EventExecutor executor) {
		return new PolicyAddressResolver(executor, this.policy);
	}

	private static final class PolicyAddressResolver implements AddressResolver<InetSocketAddress> {

		private final EventExecutor executor;

		private final OutboundUrlPolicy policy;

		PolicyAddressResolver(EventExecutor executor, OutboundUrlPolicy policy) {
			this.executor = executor;
			this.policy = policy;
		}

		@Override
		public boolean isSupported(SocketAddress address) {
			return address instanceof InetSocketAddress;
		}

		@Override
		public boolean isResolved(SocketAddress address) {
			// Even an address literal goes through the policy.
			return false;
		}

		@Override
		public Future<InetSocketAddress> resolve(SocketAddress address) {
			return resolve(address, this.executor.newPromise());
		}

		@Override
		public Future<InetSocketAddress> resolve(SocketAddress address, Promise<InetSocketAddress> promise) {
			InetSocketAddress target = supported(address);
			this.policy.connectable(target.getHostString(), target.getPort())
				.subscribe((addresses) -> promise.trySuccess(new InetSocketAddress(addresses.get(0), target.getPort())),
						promise::tryFailure);
			return promise;
		}

		@Override
		public Future<List<InetSocketAddress>> resolveAll(SocketAddress address) {
			return resolveAll(address, this.executor.newPromise());
		}

		@Override
		public Future<List<InetSocketAddress>> resolveAll(SocketAddress address,
				Promise<List<InetSocketAddress>> promise) {
			InetSocketAddress target = supported(address);
			this.policy.connectable(target.getHostString(), target.getPort())
				.subscribe((addresses) -> promise.trySuccess(addresses.stream()
					.map((resolved) -> new InetSocketAddress(resolved, target.getPort()))
					.toList()), promise::tryFailure);
			return promise;
		}

		private static InetSocketAddress supported(SocketAddress address) {
			if (address instanceof InetSocketAddress inet) {
				return inet;
			}
			throw new UnsupportedAddressTypeException();
		}

		@Override
		public void close() {
		}

	}

}
