package dev.atoll.controlplane.auth;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.nio.charset.StandardCharsets;

import dev.atoll.api.ApiPaths;
import dev.atoll.controlplane.ApiTest;
import org.junit.jupiter.api.RepeatedTest;

import org.springframework.boot.test.web.server.LocalServerPort;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A refusal is answered at once, on the event loop (no token: nothing to look up), while
 * a refusal of a wrong token waits for the database. A keep-alive connection that carries
 * the first kind right behind the second must still read the request after them: Reactor
 * Netty 1.3.7 stopped reading such a connection (reactor-netty#4361), and the next call
 * on it hung until the client gave up; in the test suite, one 401 call of the
 * authorization matrix in a loaded run.
 */
class KeepAliveAfterRefusalApiTests extends ApiTest {

	private static final int TIMEOUT_MS = 10_000;

	@LocalServerPort
	private int port;

	@RepeatedTest(3)
	void aConnectionStillReadsAfterARefusalAnsweredAtOnce() throws IOException {
		try (Socket socket = new Socket("127.0.0.1", this.port)) {
			socket.setSoTimeout(TIMEOUT_MS);
			OutputStream out = socket.getOutputStream();
			InputStream in = socket.getInputStream();
			// The second request arrives while the first is still being answered.
			out.write((get("not-a-token-of-this-control-plane") + get(null)).getBytes(StandardCharsets.US_ASCII));
			out.flush();
			assertThat(statusOf(in)).isEqualTo(401);
			assertThat(statusOf(in)).isEqualTo(401);
			out.write(get(null).getBytes(StandardCharsets.US_ASCII));
			out.flush();
			assertThat(statusOf(in)).as("the third request on the connection is answered").isEqualTo(401);
		}
	}

	private String get(String token) {
		return "GET " + ApiPaths.INSTANCES + " HTTP/1.1\r\nHost: 127.0.0.1:" + this.port + "\r\n"
				+ ((token != null) ? ApiPaths.AUTHORIZATION + ": Bearer " + token + "\r\n" : "") + "\r\n";
	}

	/** Reads one response (headers and its Content-Length body); its status. */
	private static int statusOf(InputStream in) throws IOException {
		ByteArrayOutputStream head = new ByteArrayOutputStream();
		while (!head.toString(StandardCharsets.US_ASCII).endsWith("\r\n\r\n")) {
			int next = in.read();
			assertThat(next).as("the connection closed before a response").isNotNegative();
			head.write(next);
		}
		String headers = head.toString(StandardCharsets.US_ASCII);
		int length = 0;
		for (String line : headers.split("\r\n")) {
			if (line.toLowerCase().startsWith("content-length:")) {
				length = Integer.parseInt(line.substring(line.indexOf(':') + 1).trim());
			}
		}
		assertThat(in.readNBytes(length)).hasSize(length);
		return Integer.parseInt(headers.substring(9, 12));
	}

}
