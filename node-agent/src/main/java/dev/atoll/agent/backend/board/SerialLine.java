package dev.atoll.agent.backend.board;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.channels.ByteChannel;
import java.nio.channels.FileChannel;
import java.nio.channels.SocketChannel;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.Optional;

/**
 * Where a board's serial console is: {@code tcp:HOST:PORT}, a TCP serial server (ser2net,
 * a console server, QEMU's {@code -serial tcp::PORT,server=on}), or the path of a serial
 * device whose line settings were made beforehand (udev, {@code stty}).
 */
sealed interface SerialLine {

	/** Opens the line; closing the channel ends a read blocked on it. */
	ByteChannel open() throws IOException;

	/** Parses a console setting; empty when it is neither form. */
	static Optional<SerialLine> parse(String console) {
		if (console == null || console.isBlank()) {
			return Optional.empty();
		}
		if (console.startsWith("tcp:")) {
			String address = console.substring(4);
			int colon = address.lastIndexOf(':');
			if (colon <= 0) {
				return Optional.empty();
			}
			try {
				int port = Integer.parseInt(address.substring(colon + 1));
				if (port < 1 || port > 65535) {
					return Optional.empty();
				}
				return Optional.of(new Tcp(address.substring(0, colon), port));
			}
			catch (NumberFormatException ex) {
				return Optional.empty();
			}
		}
		return console.startsWith("/") ? Optional.of(new Device(Path.of(console))) : Optional.empty();
	}

	record Tcp(String host, int port) implements SerialLine {

		@Override
		public ByteChannel open() throws IOException {
			return SocketChannel.open(new InetSocketAddress(this.host, this.port));
		}

		@Override
		public String toString() {
			return "tcp:" + this.host + ":" + this.port;
		}

	}

	record Device(Path path) implements SerialLine {

		@Override
		public ByteChannel open() throws IOException {
			return FileChannel.open(this.path, StandardOpenOption.READ, StandardOpenOption.WRITE);
		}

		@Override
		public String toString() {
			return this.path.toString();
		}

	}

}
