package io.citypulse.storage.postgres;

import io.citypulse.storage.StorageException;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.channels.OverlappingFileLockException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.Optional;

/**
 * An OS file lock beside a data directory, held by the process that started the server on it.
 * The OS releases it when that process dies, even by kill -9, which is how a leftover server is
 * told apart from one whose owner is still running.
 */
final class OwnerLock implements AutoCloseable {
  private final FileChannel channel;
  private final FileLock lock;

  private OwnerLock(FileChannel channel, FileLock lock) {
    this.channel = channel;
    this.lock = lock;
  }

  static Path lockFile(Path dataDirectory) {
    return dataDirectory.resolveSibling(dataDirectory.getFileName() + ".lock");
  }

  /** @throws StorageException when another live process (or this one) owns the directory */
  static OwnerLock acquire(Path dataDirectory) throws IOException {
    FileChannel channel = FileChannel.open(
        lockFile(dataDirectory),
        StandardOpenOption.CREATE,
        StandardOpenOption.READ,
        StandardOpenOption.WRITE);
    FileLock lock;
    try {
      lock = channel.tryLock();
    } catch (OverlappingFileLockException e) {
      lock = null;
    }
    if (lock == null) {
      channel.close();
      throw new StorageException("the PostgreSQL data in " + dataDirectory
          + " is in use by another running" + " citypulse process (lock " + lockFile(dataDirectory)
          + "); stop it or use another --state-dir");
    }
    // Whatever a dead owner wrote is void until this owner's server is up.
    channel.truncate(0);
    return new OwnerLock(channel, lock);
  }

  /** Records the port of the started server, for {@link #portOfOwner}. */
  void publishPort(int port) throws IOException {
    channel.truncate(0);
    channel.write(ByteBuffer.wrap((port + "\n").getBytes(StandardCharsets.US_ASCII)), 0);
    channel.force(false);
  }

  /**
   * The port a live owner published, empty while its server is still starting or when no live
   * process owns the directory. (postmaster.pid alone would not do: it can still be a stopped
   * orphan's while the new owner replaces that server.)
   */
  static Optional<Integer> portOfOwner(Path dataDirectory) {
    if (!isHeldElsewhere(dataDirectory)) {
      return Optional.empty();
    }
    try {
      String text =
          Files.readString(lockFile(dataDirectory), StandardCharsets.US_ASCII).trim();
      return text.isEmpty() ? Optional.empty() : Optional.of(Integer.parseInt(text));
    } catch (IOException | NumberFormatException e) {
      return Optional.empty();
    }
  }

  /** True when a live process holds the lock (probing takes and releases it at once otherwise). */
  static boolean isHeldElsewhere(Path dataDirectory) {
    try (OwnerLock probe = acquire(dataDirectory)) {
      return false;
    } catch (StorageException e) {
      return true;
    } catch (IOException e) {
      return false;
    }
  }

  @Override
  public void close() {
    try {
      lock.release();
      channel.close();
    } catch (IOException ignored) {
      // the lock goes with the channel, or with the process
    }
  }
}
