package dev.atoll.controlplane.systems;

import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * A valid system request (a Linux personality using fs, which is linked into it and uses
 * blk in its own task; uart in its own task) and edits of it at JSON pointers, so that
 * each test changes only what it is about.
 */
public final class SystemFixtures {

	public static final String VALID = """
			{"name": "web", "labels": {"team": "a"},
			 "spec": {"memoryMb": 256,
			  "personalities": [{"name": "linux", "kind": "linux", "program": "hello", "priority": 100,
			                     "memoryBudgetBytes": 16777216, "uses": ["fs", "uart"]}],
			  "services": [
			   {"name": "uart", "kind": "uart", "priority": 200, "memoryBudgetBytes": 1048576, "devices": ["console"]},
			   {"name": "blk", "kind": "blk", "priority": 200, "memoryBudgetBytes": 1048576, "devices": ["virtio-blk0"], "irqs": [79]},
			   {"name": "fs", "kind": "fs", "linkedInto": ["linux"], "uses": ["blk"]}]}}
			""";

	private static final JsonMapper JSON = JsonMapper.builder().build();

	private SystemFixtures() {
	}

	/**
	 * A {@code PATCH /api/v1/systems/{name}} body whose spec is {@link #VALID}'s with the
	 * edits of {@link #edited} (pointers from the request's root, {@code /spec/...}).
	 */
	public static String specPatch(String edits) {
		return "{\"spec\": " + JSON.readTree(edited(edits)).get("spec") + "}";
	}

	/**
	 * {@link #VALID} with edits {@code /json/pointer=<json value>}, separated by
	 * {@code " ; "}; a pointer ending in {@code -} appends to an array.
	 */
	public static String edited(String edits) {
		JsonNode root = JSON.readTree(VALID);
		for (String edit : edits.split(" ; ")) {
			int equals = edit.indexOf('=');
			String pointer = edit.substring(0, equals).trim();
			JsonNode value = JSON.readTree(edit.substring(equals + 1).trim());
			int slash = pointer.lastIndexOf('/');
			JsonNode parent = root.at(pointer.substring(0, slash));
			String last = pointer.substring(slash + 1);
			if (parent instanceof ArrayNode array) {
				if (last.equals("-")) {
					array.add(value);
				}
				else {
					array.set(Integer.parseInt(last), value);
				}
			}
			else {
				((ObjectNode) parent).set(last, value);
			}
		}
		return JSON.writeValueAsString(root);
	}

}
