package dev.switchboard.gateway.web;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executor;

import reactor.core.scheduler.Scheduler;
import reactor.core.scheduler.Schedulers;
import reactor.netty.Connection;

import org.springframework.http.server.reactive.ServerHttpRequestDecorator;
import org.springframework.web.server.ServerWebExchange;

/**
 * The event loop that serves an exchange's connection, as a scheduler. A request that
 * waited for another client (Redis answers on Lettuce's own event loop) continues here:
 * the rest of the request (identity token, proxying, the answer) then runs on the thread
 * that owns the caller's connection instead of piling onto Lettuce's I/O thread and
 * handing every write back across threads.
 */
public final class RequestEventLoop {

	/** One scheduler per event loop; there are only a few loops. */
	private static final Map<Executor, Scheduler> SCHEDULERS = new ConcurrentHashMap<>();

	private RequestEventLoop() {
	}

	/**
	 * Returns the scheduler of the exchange's event loop.
	 * @param exchange the exchange
	 * @return its event loop, or the immediate scheduler when it is not served by Reactor
	 * Netty
	 */
	public static Scheduler of(ServerWebExchange exchange) {
		Object request;
		try {
			request = ServerHttpRequestDecorator.getNativeRequest(exchange.getRequest());
		}
		catch (IllegalArgumentException | IllegalStateException ex) {
			// Not served by a server (a mock exchange in tests): stay on the current
			// thread.
			return Schedulers.immediate();
		}
		if (request instanceof Connection connection) {
			return SCHEDULERS.computeIfAbsent(connection.channel().eventLoop(), Schedulers::fromExecutor);
		}
		return Schedulers.immediate();
	}

}
