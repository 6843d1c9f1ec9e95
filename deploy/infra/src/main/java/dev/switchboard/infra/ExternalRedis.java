package dev.switchboard.infra;

import java.net.URI;

/**
 * A Redis server someone else runs, named by a {@code redis://} or {@code rediss://} URL.
 *
 * @param host server host
 * @param port server port
 * @param url the URL, as given (may carry credentials)
 */
record ExternalRedis(String host, int port, String url) implements RedisEndpoint {

	static ExternalRedis of(String url) {
		long startNanos = System.nanoTime();
		URI uri = URI.create(url);
		if (uri.getHost() == null || !("redis".equals(uri.getScheme()) || "rediss".equals(uri.getScheme()))) {
			throw new IllegalArgumentException(InfraSettings.REDIS_URL + " must look like redis://host:port");
		}
		ExternalRedis redis = new ExternalRedis(uri.getHost(), (uri.getPort() != -1) ? uri.getPort() : 6379, url);
		StartLog.ready("Redis", InfraMode.EXTERNAL, redis.host + ":" + redis.port, startNanos);
		return redis;
	}

	@Override
	public void stop() {
		throw new UnsupportedOperationException("Redis at " + this.host + ":" + this.port + " is external");
	}

	@Override
	public void start() {
		throw new UnsupportedOperationException("Redis at " + this.host + ":" + this.port + " is external");
	}

	@Override
	public String toString() {
		return "ExternalRedis[" + this.host + ":" + this.port + "]";
	}

}
