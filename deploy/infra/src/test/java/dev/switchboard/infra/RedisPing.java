package dev.switchboard.infra;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;

/**
 * Sends {@code PING} over a plain socket (RESP inline command), so no client library is
 * needed to tell whether Redis answers.
 */
final class RedisPing {

	private RedisPing() {
	}

	/**
	 * Pings the server.
	 * @param host server host
	 * @param port server port
	 * @param timeoutMs connect and read timeout
	 * @return the first reply line, {@code +PONG} when healthy
	 * @throws IOException when the server cannot be reached
	 */
	static String ping(String host, int port, int timeoutMs) throws IOException {
		try (Socket socket = new Socket()) {
			socket.connect(new InetSocketAddress(host, port), timeoutMs);
			socket.setSoTimeout(timeoutMs);
			OutputStream out = socket.getOutputStream();
			out.write("PING\r\n".getBytes(StandardCharsets.US_ASCII));
			out.flush();
			return readLine(socket.getInputStream());
		}
	}

	static boolean answers(String host, int port) {
		try {
			return "+PONG".equals(ping(host, port, 1_000));
		}
		catch (IOException ex) {
			return false;
		}
	}

	private static String readLine(InputStream in) throws IOException {
		StringBuilder line = new StringBuilder();
		int read = in.read();
		while (read != -1 && read != '\r' && read != '\n') {
			line.append((char) read);
			read = in.read();
		}
		return line.toString();
	}

}
