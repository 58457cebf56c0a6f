package dev.atoll.agent.backend.qemu;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.Channels;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicBoolean;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * Sends one command to a QEMU Machine Protocol socket: greeting, capabilities
 * negotiation, the command, its answer. Bounded by a timeout; never throws.
 */
final class QmpClient {

	private static final Logger logger = LoggerFactory.getLogger(QmpClient.class);

	private static final JsonMapper json = JsonMapper.builder().build();

	private QmpClient() {
	}

	/**
	 * Executes {@code command} (without arguments) on the QMP socket. Returns true when
	 * QEMU acknowledged it (or closed the socket right after it, as {@code quit} may).
	 */
	static boolean execute(Path socket, String command, Duration timeout) {
		AtomicBoolean acknowledged = new AtomicBoolean();
		SocketChannel channel;
		try {
			channel = SocketChannel.open(StandardProtocolFamily.UNIX);
		}
		catch (IOException ex) {
			return false;
		}
		Thread exchange = Thread.ofVirtual().name("qmp-" + command).start(() -> {
			try (channel) {
				channel.connect(UnixDomainSocketAddress.of(socket));
				BufferedReader reader = new BufferedReader(
						new InputStreamReader(Channels.newInputStream(channel), StandardCharsets.UTF_8));
				if (awaitReply(reader, "QMP") == null) {
					return;
				}
				send(channel, "qmp_capabilities");
				if (!isReturn(awaitReply(reader, null))) {
					return;
				}
				send(channel, command);
				JsonNode reply = awaitReply(reader, null);
				acknowledged.set(reply == null ? command.equals("quit") : isReturn(reply));
			}
			catch (IOException | JacksonException ex) {
				logger.debug("QMP {} on {} failed: {}", command, socket, ex.toString());
			}
		});
		try {
			if (!exchange.join(timeout)) {
				closeQuietly(channel);
				exchange.join(Duration.ofSeconds(1));
			}
		}
		catch (InterruptedException ex) {
			closeQuietly(channel);
			Thread.currentThread().interrupt();
		}
		return acknowledged.get();
	}

	private static void send(SocketChannel channel, String command) throws IOException {
		ByteBuffer buffer = ByteBuffer.wrap(("{\"execute\":\"" + command + "\"}\r\n").getBytes(StandardCharsets.UTF_8));
		while (buffer.hasRemaining()) {
			channel.write(buffer);
		}
	}

	/**
	 * Reads messages until one that has {@code key} (or, when null, a return or error),
	 * skipping asynchronous events. Null when the socket closed first.
	 */
	private static JsonNode awaitReply(BufferedReader reader, String key) throws IOException {
		String line;
		while ((line = reader.readLine()) != null) {
			if (line.isBlank()) {
				continue;
			}
			JsonNode message = json.readTree(line);
			if (key != null ? message.has(key) : (message.has("return") || message.has("error"))) {
				return message;
			}
		}
		return null;
	}

	private static boolean isReturn(JsonNode reply) {
		return reply != null && reply.has("return");
	}

	private static void closeQuietly(SocketChannel channel) {
		try {
			channel.close();
		}
		catch (IOException ex) {
			// Closing is how the exchange is abandoned; nothing is left to do.
		}
	}

}
