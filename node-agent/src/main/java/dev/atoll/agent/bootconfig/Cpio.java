package dev.atoll.agent.bootconfig;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * cpio "newc" archives as the root task reads them (the kernel's reader,
 * {@code kernel/boot/cpio.c}): a 110-byte header ({@code 070701}, then 13 fields of 8 hex
 * digits: ino mode uid gid nlink mtime filesize devmajor devminor rdevmajor rdevminor
 * namesize check), the name with its NUL, padded to 4 bytes, the data, padded to 4. The
 * member {@code TRAILER!!!} ends an archive; another may follow after NUL padding.
 * Offsets are padded from the start of the whole initrd, so an archive appended to
 * another starts at a multiple of 4. The reader takes the first member of a name.
 */
public final class Cpio {

	static final int HEADER_SIZE = 110;

	static final String TRAILER = "TRAILER!!!";

	private static final int FIELD_MODE = 1;

	private static final int FIELD_FILESIZE = 6;

	private static final int FIELD_NAMESIZE = 11;

	private static final int MODE_TYPE_MASK = 0170000;

	private static final int MODE_REGULAR = 0100000;

	/** A regular file, read by everyone. */
	private static final int MODE_FILE = MODE_REGULAR | 0644;

	private Cpio() {
	}

	/**
	 * One member.
	 *
	 * @param name its name (a leading {@code ./} kept)
	 * @param regular whether it is a regular file
	 * @param start where its header begins
	 * @param dataStart where its data begins
	 * @param size its data's length
	 * @param end where the next header may begin (after the padding)
	 */
	public record Member(String name, boolean regular, int start, int dataStart, int size, int end) {
	}

	/** The outcome of reading an archive: its members, or why it is not one. */
	public sealed interface Listing {

		/** Every member but the trailers, in order. */
		record Members(List<Member> members) implements Listing {
		}

		record Invalid(String reason) implements Listing {
		}

	}

	/** The outcome of adding a member: the new initrd, or why the image's is unusable. */
	public sealed interface Added {

		record Archive(byte[] bytes) implements Added {
		}

		record Invalid(String reason) implements Added {
		}

	}

	/** Reads every member of the (possibly concatenated) archives in {@code archive}. */
	public static Listing list(byte[] archive) {
		List<Member> members = new ArrayList<>();
		int offset = 0;
		boolean afterTrailer = false;
		while (offset < archive.length) {
			if (afterTrailer) {
				if (archive[offset] == 0) {
					offset++;
					continue;
				}
				if (archive.length - offset < HEADER_SIZE || !magic(archive, offset)) {
					return new Listing.Invalid("bytes after the trailer at offset " + offset + " are no archive");
				}
				afterTrailer = false;
			}
			if (archive.length - offset < HEADER_SIZE) {
				return new Listing.Invalid("truncated header at offset " + offset);
			}
			if (!magic(archive, offset)) {
				return new Listing.Invalid("no newc header magic at offset " + offset);
			}
			long mode = field(archive, offset, FIELD_MODE);
			long size = field(archive, offset, FIELD_FILESIZE);
			long nameSize = field(archive, offset, FIELD_NAMESIZE);
			if (mode < 0 || size < 0 || nameSize <= 0) {
				return new Listing.Invalid("malformed header at offset " + offset);
			}
			long nameEnd = (long) offset + HEADER_SIZE + nameSize;
			long dataStart = pad(nameEnd);
			long dataEnd = dataStart + size;
			if (nameEnd > archive.length || dataEnd > archive.length) {
				return new Listing.Invalid("member at offset " + offset + " is truncated");
			}
			if (archive[(int) nameEnd - 1] != 0) {
				return new Listing.Invalid("name at offset " + offset + " is not NUL-terminated");
			}
			String name = new String(archive, offset + HEADER_SIZE, (int) nameSize - 1, StandardCharsets.UTF_8);
			int end = (int) Math.min(pad(dataEnd), archive.length);
			if (name.equals(TRAILER)) {
				afterTrailer = true;
			}
			else {
				members.add(new Member(name, (mode & MODE_TYPE_MASK) == MODE_REGULAR, offset, (int) dataStart,
						(int) size, end));
			}
			offset = end;
		}
		return new Listing.Members(members);
	}

	/**
	 * The initrd with the regular file {@code name} added where the root task finds it:
	 * appended as an archive of its own (the member and a trailer) after the image's
	 * bytes, which stay as they are, padded with NULs to a multiple of 4. When the image
	 * already has a member of that name (which the reader would find first), the image's
	 * members are copied without it into one archive instead.
	 */
	public static Added add(byte[] initrd, String name, byte[] data) {
		if (!(list(initrd) instanceof Listing.Members(List<Member> members))) {
			return new Added.Invalid(
					"the image's initrd is not a newc cpio archive: " + ((Listing.Invalid) list(initrd)).reason());
		}
		ByteArrayOutputStream out = new ByteArrayOutputStream(initrd.length + data.length + 512);
		boolean shadowed = members.stream().anyMatch((member) -> sameName(member.name(), name));
		if (shadowed) {
			for (Member member : members) {
				if (!sameName(member.name(), name)) {
					out.write(initrd, member.start(), member.end() - member.start());
					padTo4(out);
				}
			}
		}
		else {
			out.writeBytes(initrd);
			padTo4(out);
		}
		out.writeBytes(entry(name, MODE_FILE, data));
		out.writeBytes(entry(TRAILER, 0, new byte[0]));
		// As cpio(1) does: whole 512-byte blocks.
		while (out.size() % 512 != 0) {
			out.write(0);
		}
		return new Added.Archive(out.toByteArray());
	}

	/**
	 * One member's bytes (header, name, data, padding), for an archive position that is a
	 * multiple of 4.
	 */
	static byte[] entry(String name, int mode, byte[] data) {
		byte[] nameBytes = name.getBytes(StandardCharsets.UTF_8);
		StringBuilder header = new StringBuilder("070701");
		long[] fields = { 0, mode, 0, 0, 1, 0, data.length, 0, 0, 0, 0, nameBytes.length + 1, 0 };
		for (long field : fields) {
			header.append(String.format("%08X", field));
		}
		ByteArrayOutputStream out = new ByteArrayOutputStream();
		out.writeBytes(header.toString().getBytes(StandardCharsets.US_ASCII));
		out.writeBytes(nameBytes);
		out.write(0);
		padTo4(out);
		out.writeBytes(data);
		padTo4(out);
		return out.toByteArray();
	}

	private static boolean sameName(String member, String name) {
		return member.equals(name) || member.equals("./" + name);
	}

	private static boolean magic(byte[] archive, int offset) {
		String magic = new String(archive, offset, 6, StandardCharsets.US_ASCII);
		return magic.equals("070701") || magic.equals("070702");
	}

	/**
	 * Field {@code index} of the header at {@code offset}, or -1 when not 8 hex digits.
	 */
	private static long field(byte[] archive, int offset, int index) {
		long value = 0;
		for (int i = 0; i < 8; i++) {
			int digit = Character.digit(archive[offset + 6 + 8 * index + i], 16);
			if (digit < 0) {
				return -1;
			}
			value = (value << 4) | digit;
		}
		return value;
	}

	private static long pad(long offset) {
		return (offset + 3) & ~3L;
	}

	private static void padTo4(ByteArrayOutputStream out) {
		while (out.size() % 4 != 0) {
			out.write(0);
		}
	}

}
