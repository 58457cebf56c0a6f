package dev.atoll.agent.consolestream;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.UUID;

import dev.atoll.agent.console.ConsoleChannels;
import dev.atoll.api.ApiPaths;
import dev.atoll.api.ConsoleSources;
import dev.atoll.agent.reconcile.Reconciler;
import jakarta.servlet.http.HttpServletResponse;

import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ProblemDetail;
import org.springframework.web.ErrorResponseException;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/**
 * One console source of an instance on this node, on demand, for the control plane (or an
 * operator) to relay: {@code GET
 * /api/v1/instances/{id}/console?source=system&lines=100&follow=true} answers the
 * source's last lines from its rotated logs, then, with {@code follow}, every new line as
 * it is decoded until the console ends or the client goes away. Plain text, one line
 * each, {@code [source] text} for followed lines. The stream reads the agent's own logs
 * and a bounded queue: a slow reader loses lines, never slows the console.
 */
@RestController
class ConsoleStreamController {

	static final String PATH = ApiPaths.INSTANCE_CONSOLE;

	static final int MAX_LINES = ConsoleSources.MAX_LINES;

	private static final int FOLLOW_QUEUE = 1024;

	private static final long POLL_MS = 1000;

	private final Reconciler reconciler;

	ConsoleStreamController(Reconciler reconciler) {
		this.reconciler = reconciler;
	}

	@GetMapping(path = PATH)
	void console(@PathVariable UUID instanceId, @RequestParam(defaultValue = "system") String source,
			@RequestParam(defaultValue = "100") int lines, @RequestParam(defaultValue = "false") boolean follow,
			HttpServletResponse response) throws IOException {
		if (!ConsoleChannels.SOURCE.matcher(source).matches()) {
			throw problem(HttpStatus.BAD_REQUEST,
					"source '" + source + "' is not kernel, system or console-N (N = 2..127, the task's channel)");
		}
		if (lines < 0 || lines > MAX_LINES) {
			throw problem(HttpStatus.BAD_REQUEST, "lines must be 0.." + MAX_LINES);
		}
		Optional<ConsoleChannels> channels = this.reconciler.consoleChannels(instanceId);
		if (channels.isEmpty()) {
			throw problem(HttpStatus.NOT_FOUND, "instance " + instanceId + " has no console on this node");
		}
		// Follow before reading the history, so that no line falls between them.
		ConsoleChannels.Follower follower = follow ? channels.get().follow(source, FOLLOW_QUEUE) : null;
		List<String> history = lastLines(channels.get(), source, lines);
		// Written on the request's own thread, which a follower holds until the console
		// ends or the client goes: an agent has few readers, each worth a thread.
		response.setContentType(MediaType.TEXT_PLAIN_VALUE);
		response.setCharacterEncoding(StandardCharsets.UTF_8.name());
		try {
			OutputStream out = response.getOutputStream();
			for (String line : history) {
				write(out, line);
			}
			out.flush();
			if (follower != null) {
				relay(follower, out);
			}
		}
		finally {
			if (follower != null) {
				follower.close();
			}
		}
	}

	private static void relay(ConsoleChannels.Follower follower, OutputStream out) throws IOException {
		try {
			while (!follower.ended()) {
				String line = follower.next(POLL_MS);
				if (line != null) {
					write(out, line);
					out.flush();
				}
			}
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
		}
	}

	/** The last {@code count} lines of the source, across its rotations, oldest first. */
	private static List<String> lastLines(ConsoleChannels channels, String source, int count) {
		ArrayDeque<String> last = new ArrayDeque<>();
		List<Path> files = new ArrayList<>(channels.rotations(source).reversed());
		files.add(channels.log(source));
		for (Path file : files) {
			if (count == 0 || !Files.isRegularFile(file)) {
				continue;
			}
			try {
				for (String line : Files.readAllLines(file, StandardCharsets.UTF_8)) {
					if (last.size() == count) {
						last.removeFirst();
					}
					last.addLast(line);
				}
			}
			catch (IOException ex) {
				// Rotated away while being read: the newer files still hold the end.
			}
		}
		return List.copyOf(last);
	}

	private static void write(OutputStream out, String line) throws IOException {
		out.write((line + "\n").getBytes(StandardCharsets.UTF_8));
	}

	/** A bad request, as RFC 9457 problem details (Spring MVC's problem handler). */
	private static ErrorResponseException problem(HttpStatus status, String detail) {
		return new ErrorResponseException(status, ProblemDetail.forStatusAndDetail(status, detail), null);
	}

}
