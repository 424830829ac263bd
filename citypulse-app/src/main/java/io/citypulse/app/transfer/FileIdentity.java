package io.citypulse.app.transfer;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;

/**
 * What the import ledger knows a file by: a SHA-256 of its size, its first and its last 64 KiB.
 *
 * <p>Why not the path: a file renamed, or moved into the watched directory after a partial import,
 * is the same rows and must resume, not be imported twice. Why not a SHA-256 of the whole content:
 * the identity is needed before the first row is published (to find where to resume), so a full
 * hash would read a 1 GB file twice, and a URL can only be read once. The size tells an appended
 * file from its shorter self; the head and the tail catch nearly every other change. The limit: a
 * file edited in its middle to the same size keeps its identity, and a finished one is then skipped
 * ({@code --force} imports it again). A URL has no tail to seek to: its URL, Content-Length and
 * head stand instead.
 */
public record FileIdentity(String id) {
  /** How much of each end goes into the hash. */
  public static final int SAMPLE = 64 * 1024;

  /** The identity of a file of {@code size} bytes starting with {@code head}, ending with {@code tail}. */
  public static FileIdentity of(long size, byte[] head, byte[] tail) {
    MessageDigest sha = sha256();
    sha.update(ByteBuffer.allocate(Long.BYTES).putLong(size).array());
    sha.update(head);
    sha.update((byte) 0);
    sha.update(tail);
    return new FileIdentity(HexFormat.of().formatHex(sha.digest()));
  }

  /** The identity of the file at {@code path}: two reads of 64 KiB at most, whatever its size. */
  public static FileIdentity ofFile(Path path) throws IOException {
    try (FileChannel channel = FileChannel.open(path, StandardOpenOption.READ)) {
      long size = channel.size();
      byte[] head = read(channel, 0, (int) Math.min(SAMPLE, size));
      long tailStart = Math.max(0, size - SAMPLE);
      byte[] tail = read(channel, tailStart, (int) (size - tailStart));
      return of(size, head, tail);
    }
  }

  /** The identity of a download: its URL and length (-1 when unknown) stand for the tail. */
  public static FileIdentity ofUrl(String url, long length, byte[] head) {
    return of(length, head, url.getBytes(StandardCharsets.UTF_8));
  }

  /**
   * The identity of this file's import into {@code topic}: the ledger and the transactional id
   * know an import by the file and where its rows go, so a file imported into one topic (or
   * half-imported) is not taken as imported into another.
   */
  public FileIdentity into(String topic, String kind) {
    MessageDigest sha = sha256();
    sha.update(id.getBytes(StandardCharsets.UTF_8));
    sha.update((byte) 0);
    sha.update(topic.getBytes(StandardCharsets.UTF_8));
    sha.update((byte) 0);
    sha.update(kind.getBytes(StandardCharsets.UTF_8));
    return new FileIdentity(HexFormat.of().formatHex(sha.digest()));
  }

  /** The first 16 hex digits, enough to tell files apart in names and messages. */
  public String shortId() {
    return id.substring(0, 16);
  }

  private static byte[] read(FileChannel channel, long position, int length) throws IOException {
    ByteBuffer buffer = ByteBuffer.allocate(length);
    while (buffer.hasRemaining()) {
      if (channel.read(buffer, position + buffer.position()) < 0) {
        break;
      }
    }
    return buffer.array();
  }

  private static MessageDigest sha256() {
    try {
      return MessageDigest.getInstance("SHA-256");
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("every JVM has SHA-256", e);
    }
  }
}
