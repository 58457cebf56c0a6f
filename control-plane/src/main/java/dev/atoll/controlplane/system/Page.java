package dev.atoll.controlplane.system;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;

import org.springframework.http.HttpHeaders;
import org.springframework.http.ResponseEntity;
import org.springframework.web.util.UriComponentsBuilder;

/**
 * One page of a keyset-paginated list ({@code ?limit=&cursor=}), and how it is answered:
 * the items as a JSON list and, when more follow, {@code Link: <...>; rel="next"} (RFC
 * 8288) with the same query. The cursor is opaque to clients: base64url of the sort keys
 * of the page's last item, separated by NUL (which no key contains).
 *
 * @param <T> the item type
 * @param items the items of this page, in the list's order
 * @param next the cursor of the following page, empty on the last one
 * @param limit the page size asked for
 */
public record Page<T>(List<T> items, Optional<String> next, int limit) {

	public static final int DEFAULT_SIZE = 100;

	public static final int MAX_SIZE = 1000;

	/** The page size a {@code limit} parameter asks for; out of range is a violation. */
	public static int size(Integer limit, List<Violation> violations) {
		int size = (limit != null) ? limit : DEFAULT_SIZE;
		if (size < 1 || size > MAX_SIZE) {
			violations.add(new Violation("limit", "must be between 1 and " + MAX_SIZE));
		}
		return size;
	}

	/**
	 * The sort keys a {@code cursor} parameter names (empty without one); a cursor this
	 * server did not make, or with another number of keys, is a violation.
	 */
	public static Optional<List<String>> after(String cursor, int keys, List<Violation> violations) {
		if (cursor == null) {
			return Optional.empty();
		}
		try {
			String plain = new String(Base64.getUrlDecoder().decode(cursor), StandardCharsets.UTF_8);
			List<String> parts = Arrays.asList(plain.split("\0", -1));
			if (parts.size() == keys && parts.stream().noneMatch(String::isEmpty)) {
				return Optional.of(parts);
			}
		}
		catch (IllegalArgumentException ex) {
			// not base64url: not ours
		}
		violations.add(new Violation("cursor", "is not a cursor of this list; pass the one a Link header gave"));
		return Optional.empty();
	}

	/**
	 * The page of {@code rows}, fetched as up to {@code size + 1} items so that the extra
	 * one tells whether more follow; {@code keys} gives an item's sort keys.
	 */
	public static <T> Page<T> of(List<T> rows, int size, Function<T, List<String>> keys) {
		if (rows.size() <= size) {
			return new Page<>(rows, Optional.empty(), size);
		}
		List<T> items = rows.subList(0, size);
		String last = String.join("\0", keys.apply(items.getLast()));
		return new Page<>(items,
				Optional
					.of(Base64.getUrlEncoder().withoutPadding().encodeToString(last.getBytes(StandardCharsets.UTF_8))),
				size);
	}

	/**
	 * 200 with the items, and a {@code Link} to the next page of {@code path} (already
	 * expanded) keeping the other {@code query} parameters (null values left out).
	 */
	public ResponseEntity<Object> respond(String path, Map<String, String> query) {
		ResponseEntity.BodyBuilder ok = ResponseEntity.ok();
		this.next.ifPresent((cursor) -> {
			// Values go in as template variables, so that they are encoded strictly.
			Map<String, Object> values = new LinkedHashMap<>();
			UriComponentsBuilder uri = UriComponentsBuilder.fromPath(path);
			values.put("limit", this.limit);
			values.put("cursor", cursor);
			query.forEach((name, value) -> {
				if (value != null) {
					values.put(name, value);
				}
			});
			values.keySet().forEach((name) -> uri.queryParam(name, "{" + name + "}"));
			ok.header(HttpHeaders.LINK, "<" + uri.encode().buildAndExpand(values).toUriString() + ">; rel=\"next\"");
		});
		return ok.body(this.items);
	}

}
