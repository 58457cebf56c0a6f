package dev.atoll.controlplane.dashboard;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import dev.atoll.api.ApiPaths;
import dev.atoll.controlplane.system.Problem;
import dev.atoll.controlplane.system.ProblemHandler;

import org.springframework.core.io.Resource;
import org.springframework.core.io.support.PathMatchingResourcePatternResolver;
import org.springframework.http.CacheControl;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RestController;

/**
 * Serves the dashboard's files ({@code classpath:dashboard/}, read once at start) to
 * anyone: they hold no data; the API calls they make carry the user's token. A strict
 * content security policy keeps the page to its own origin, so nothing but its own
 * scripts can read the token.
 */
@RestController
class DashboardController {

	static final String ROOT = ApiPaths.DASHBOARD;

	static final String INDEX = ROOT + "/";

	static final String FILE = ROOT + "/{file}";

	/** A file name the dashboard may have, with a type it serves. */
	private static final Pattern NAME = Pattern.compile("[a-z0-9-]{1,64}\\.(html|js|css|svg)");

	private static final Map<String, MediaType> TYPES = Map.of("html",
			new MediaType(MediaType.TEXT_HTML, StandardCharsets.UTF_8), "js",
			new MediaType("text", "javascript", StandardCharsets.UTF_8), "css",
			new MediaType("text", "css", StandardCharsets.UTF_8), "svg", MediaType.valueOf("image/svg+xml"));

	private static final String SECURITY_POLICY = "default-src 'self'; img-src 'self' data:; "
			+ "object-src 'none'; base-uri 'none'; frame-ancestors 'none'";

	private final Map<String, byte[]> files;

	DashboardController() {
		this.files = load();
	}

	/** {@code /dashboard} → {@code /dashboard/}, so the page's relative links resolve. */
	@GetMapping(ROOT)
	ResponseEntity<Object> root() {
		return ResponseEntity.status(HttpStatus.MOVED_PERMANENTLY).location(URI.create(INDEX)).build();
	}

	@GetMapping(INDEX)
	ResponseEntity<Object> index() {
		return file("index.html");
	}

	@GetMapping(FILE)
	ResponseEntity<Object> file(@PathVariable String file) {
		Matcher name = NAME.matcher(file);
		byte[] content = name.matches() ? this.files.get(file) : null;
		if (content == null) {
			return ProblemHandler.respond(new Problem.NotFound("the dashboard has no file '" + file + "'"));
		}
		return ResponseEntity.ok()
			.contentType(TYPES.get(name.group(1)))
			.cacheControl(CacheControl.noCache())
			.header("Content-Security-Policy", SECURITY_POLICY)
			.header("X-Content-Type-Options", "nosniff")
			.body(content);
	}

	private static Map<String, byte[]> load() {
		Map<String, byte[]> files = new TreeMap<>();
		try {
			for (Resource resource : new PathMatchingResourcePatternResolver().getResources("classpath:dashboard/*")) {
				String name = resource.getFilename();
				if (name != null && NAME.matcher(name).matches()) {
					try (InputStream in = resource.getInputStream()) {
						files.put(name, in.readAllBytes());
					}
				}
			}
		}
		catch (IOException ex) {
			throw new UncheckedIOException("cannot read the dashboard's files", ex);
		}
		if (!files.containsKey("index.html")) {
			throw new IllegalStateException("the dashboard's index.html is not on the classpath (dashboard/)");
		}
		return Map.copyOf(files);
	}

}
